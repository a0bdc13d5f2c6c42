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
