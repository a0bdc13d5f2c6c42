namespace Encryptio.Directory.Relay;

/// <summary>
/// Paces one direction of a spliced pair: at most <c>perSecond</c> bytes a second, with one second's
/// worth as burst. The pump asks how long to wait before forwarding what it read; while it waits it
/// reads nothing more, so the sender is held back by TCP flow control, not by a buffer here.
/// Time comes from the caller, so the arithmetic is a unit test.
/// </summary>
public sealed class ByteRate
{
    private readonly double _perSecond;
    private double _allowance;
    private DateTimeOffset _at;

    public ByteRate(long perSecond, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        _perSecond = perSecond;
        _allowance = perSecond;
        _at = now;
    }

    /// Takes <paramref name="bytes"/> from the allowance; the wait before they may go (zero when within the rate).
    public TimeSpan Take(int bytes, DateTimeOffset now)
    {
        var elapsed = Math.Max(0, (now - _at).TotalSeconds);
        _at = now;
        _allowance = Math.Min(_perSecond, _allowance + elapsed * _perSecond) - bytes;
        return _allowance >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_allowance / _perSecond);
    }
}

/// <summary>
/// The node-wide cap (<c>max-node-bytes-per-second</c>): one <see cref="ByteRate"/> that every pump of
/// every pair takes from, under a lock since the pumps run on the thread pool. Each pump waits for
/// the longer of its pair's wait and this one, so under load every pair slows down evenly.
/// </summary>
public sealed class SharedByteRate(long perSecond, DateTimeOffset now)
{
    private readonly ByteRate _rate = new(perSecond, now);
    private readonly Lock _lock = new();

    public TimeSpan Take(int bytes, DateTimeOffset now)
    {
        lock (_lock) return _rate.Take(bytes, now);
    }
}
