namespace Encryptio.Host.Bench;

/// <summary>
/// Hello to first chat opened, in ms: median, p50 and p99 over all handshakes; and the same crypto
/// done back to back on one thread with no actor or socket (<see cref="HandshakeCryptoOnly"/>).
/// </summary>
public sealed record HandshakeFigures(Figure Latency, double P50, double P99, int Handshakes, Figure CryptoOnly);
