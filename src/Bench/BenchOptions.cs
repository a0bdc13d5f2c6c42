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
    int Proposals,
    int ClusterWarmupUsers,
    int ClusterBatches,
    int ClusterBatchUsers)
{
    /// <summary>
    /// Messages in flight per sender: below the session's outbox limit (1,000) and, in bytes, half the
    /// link's write queue (LinkLimits.MaxQueuedBytes), so neither end ever reports an overload.
    /// </summary>
    public static int Window(int textBytes) => Math.Min(900, 512 * 1024 / (textBytes + 200));

    public int DirectoryUsers => DirectoryBatches * DirectoryBatchUsers;

    public int ClusterUsers => ClusterBatches * ClusterBatchUsers;

    /// <summary>`--users N`: the directory section registers N users in all (its warm-up included), in the same number of batches.</summary>
    public BenchOptions WithDirectoryUsers(int? users)
    {
        if (users is not { } total) return this;
        var warmup = Math.Min(DirectoryWarmupUsers, total / 10);
        return this with { DirectoryWarmupUsers = warmup, DirectoryBatchUsers = Math.Max(1, (total - warmup) / DirectoryBatches) };
    }

    public static BenchOptions Full { get; } = new(false, Runs: 7, CryptoIterations: 400, SmallMessages: 20_000, LargeMessages: 5_000,
        Handshakes: 60, RoundTrips: 200, DirectoryWarmupUsers: 400, DirectoryBatches: 4, DirectoryBatchUsers: 24_900, Proposals: 1_000,
        ClusterWarmupUsers: 300, ClusterBatches: 3, ClusterBatchUsers: 900);

    public static BenchOptions QuickRun { get; } = new(true, Runs: 3, CryptoIterations: 40, SmallMessages: 1_000, LargeMessages: 300,
        Handshakes: 8, RoundTrips: 20, DirectoryWarmupUsers: 50, DirectoryBatches: 3, DirectoryBatchUsers: 50, Proposals: 40,
        ClusterWarmupUsers: 15, ClusterBatches: 2, ClusterBatchUsers: 15);
}
