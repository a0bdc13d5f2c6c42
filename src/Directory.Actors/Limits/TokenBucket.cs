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
