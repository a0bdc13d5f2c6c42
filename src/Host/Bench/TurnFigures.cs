namespace Encryptio.Host.Bench;

/// <summary>Ping-pong round trip and the DH ratchet step timed alone beside it (ms), and their ratio per run.</summary>
public sealed record TurnFigures(Figure RoundTripMs, Figure StepMs, Figure Ratio);
