namespace Encryptio.Directory.Limits;

/// <summary>
/// A token bucket: up to <c>burst</c> requests at once, then <c>perSecond</c> more each second.
/// Time comes from the caller (the ActorSystem's scheduler clock in the directory, a fake in tests).
/// A rate of 0 never refills: the burst is all there is (tests use that to need no time at all).
/// </summary>
public sealed class TokenBucket
{
    private readonly int _burst;
    private readonly double _perSecond;
    private double _tokens;
    private DateTimeOffset _at;

    public TokenBucket(int burst, double perSecond, DateTimeOffset now)
    {
        if (burst < 1) throw new ArgumentOutOfRangeException(nameof(burst), "a bucket holds at least one token");
        if (perSecond < 0 || double.IsNaN(perSecond)) throw new ArgumentOutOfRangeException(nameof(perSecond));
        _burst = burst;
        _perSecond = perSecond;
        _tokens = burst;
        _at = now;
    }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        Refill(now);
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>True when the bucket has refilled completely: nothing to remember about its owner.</summary>
    public bool IsFull(DateTimeOffset now)
    {
        Refill(now);
        return _tokens >= _burst;
    }

    private void Refill(DateTimeOffset now)
    {
        if (now <= _at) return;
        _tokens = Math.Min(_burst, _tokens + (now - _at).TotalSeconds * _perSecond);
        _at = now;
    }
}

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

/// <summary>
/// Makes refusals speak once per burst, not once per message: <see cref="Refused"/> is true only for
/// the first refusal of a burst (log it); <see cref="Allowed"/> returns how many were refused in the
/// burst that the allowed request ends (log the sum once), otherwise 0.
/// </summary>
public sealed class BurstLog<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _refused = new();

    public bool Refused(TKey key)
    {
        var count = _refused.GetValueOrDefault(key) + 1;
        _refused[key] = count;
        return count == 1;
    }

    public int Allowed(TKey key) => _refused.Remove(key, out var count) ? count : 0;

    /// <summary>Bursts still open, forgotten now (for a last log line).</summary>
    public IReadOnlyList<(TKey Key, int Refused)> Flush()
    {
        var open = _refused.Select(r => (r.Key, r.Value)).ToList();
        _refused.Clear();
        return open;
    }
}
