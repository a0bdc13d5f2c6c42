namespace Encryptio.Host.Bench;

/// <summary>Hello to first chat opened, in ms: median, p50 and p99 over all handshakes.</summary>
public sealed record HandshakeFigures(Figure Latency, double P50, double P99, int Handshakes);
