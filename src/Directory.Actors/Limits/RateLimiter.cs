namespace Encryptio.Directory.Limits;

/// <summary>One <see cref="TokenBucket"/> per key; buckets of keys that went quiet are forgotten.</summary>
public sealed class RateLimiter<TKey>(int burst, double perSecond, Func<DateTimeOffset> clock) where TKey : notnull
{
    /// <summary>Buckets kept before full ones (owners that went quiet) are forgotten.</summary>
    public const int PruneAbove = 1024;

    private readonly Dictionary<TKey, TokenBucket> _buckets = new();
    // Pruning walks every bucket: after a prune that freed little, wait until the table doubles, so a
    // flood of fresh keys (spoofed sender addresses) costs amortised O(1) per key, not O(n).
    private int _pruneAt = PruneAbove;

    public int Tracked => _buckets.Count;

    public bool TryAcquire(TKey key)
    {
        var now = clock();
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count >= _pruneAt)
            {
                Prune(now);
                _pruneAt = Math.Max(PruneAbove, 2 * _buckets.Count);
            }
            _buckets[key] = bucket = new TokenBucket(burst, perSecond, now);
        }
        return bucket.TryTake(now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _buckets.Where(b => b.Value.IsFull(now)).Select(b => b.Key).ToList())
            _buckets.Remove(key);
    }
}
