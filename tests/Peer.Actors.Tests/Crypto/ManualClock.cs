namespace Encryptio.Peer.Actors.Tests.Crypto;

/// A TimeProvider whose timestamps move only when a test says so. Its timestamps start at
/// <c>start</c> (a machine up that long, for Stopwatch-like clocks).
internal sealed class ManualClock(TimeSpan start = default) : TimeProvider
{
    private long _ticks = start.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
