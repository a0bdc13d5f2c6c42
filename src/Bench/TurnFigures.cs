namespace Encryptio.Bench;

/// <summary>
/// Ping-pong round trip and the DH ratchet step timed alone beside it (ms), their ratio per run, and the
/// DH steps the sessions actually took per round trip (key pairs taken: 2 when each end steps once).
/// </summary>
public sealed record TurnFigures(Figure RoundTripMs, Figure StepMs, Figure Ratio, Figure DhStepsPerRoundTrip);
