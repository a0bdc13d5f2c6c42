namespace Encryptio.Bench;

/// <summary>How much work each figure does: the full run, or `--quick` (a CI smoke test, well under a minute).</summary>
public sealed record BenchOptions(
    bool Quick,
    int Runs,
    int CryptoIterations,
    int SmallMessages,
    int LargeMessages,
    int Handshakes,
    int RoundTrips,
    int DirectoryWarmupUsers,
    int DirectoryBatches,
    int DirectoryBatchUsers,
    int Proposals)
{
    /// <summary>
    /// Messages in flight per sender: below the session's outbox limit (1,000) and, in bytes, half the
    /// link's write queue (LinkLimits.MaxQueuedBytes), so neither end ever reports an overload.
    /// </summary>
    public static int Window(int textBytes) => Math.Min(900, 512 * 1024 / (textBytes + 200));

    public int DirectoryUsers => DirectoryBatches * DirectoryBatchUsers;

    public static BenchOptions Full { get; } = new(false, Runs: 7, CryptoIterations: 400, SmallMessages: 20_000, LargeMessages: 5_000,
        Handshakes: 60, RoundTrips: 200, DirectoryWarmupUsers: 400, DirectoryBatches: 4, DirectoryBatchUsers: 2_400, Proposals: 1_000);

    public static BenchOptions QuickRun { get; } = new(true, Runs: 3, CryptoIterations: 40, SmallMessages: 1_000, LargeMessages: 300,
        Handshakes: 8, RoundTrips: 20, DirectoryWarmupUsers: 50, DirectoryBatches: 3, DirectoryBatchUsers: 50, Proposals: 40);
}
