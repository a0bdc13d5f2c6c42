using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// Hello to first chat opened, in ms: median, p50 and p99 over all handshakes; the serial P-384 work
/// measured right before each, and the ratio per handshake; the same crypto
/// done back to back on one thread with no actor or socket (<see cref="HandshakeCryptoOnly"/>); the
/// median ms of each gap between <see cref="PhaseRecorder.GapNames"/> phases; the key pool's
/// <see cref="PooledRatchetKeySource.MaxAge"/> it ran with (null: keys made fresh, no pool).
/// </summary>
public sealed record HandshakeFigures(Figure Latency, double P50, double P99, int Handshakes, Figure SerialOps, Figure Ratio,
    Figure CryptoOnly, double[] PhaseMillis, TimeSpan? KeyPoolMaxAge = null);
