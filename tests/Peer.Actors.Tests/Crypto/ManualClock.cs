namespace Encryptio.Peer.Actors.Tests.Crypto;

/// A TimeProvider whose timestamps move only when a test says so. Its timestamps start at
/// <c>start</c> (a machine up that long, for Stopwatch-like clocks). Its timers fire inside
/// <see cref="Advance"/>, on the test's thread, once the clock reaches their due time.
internal sealed class ManualClock(TimeSpan start = default) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks = start.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by)
    {
        var now = Interlocked.Add(ref _ticks, by.Ticks);
        List<ManualTimer> due;
        lock (_gate) due = _timers.Where(t => t.IsDueAt(now)).ToList();
        foreach (var timer in due) timer.Fire(now);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private const long Disarmed = long.MaxValue;
        private long _dueAt = Disarmed;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsDueAt(long now) => Interlocked.Read(ref _dueAt) <= now;

        public void Fire(long now)
        {
            var period = _period;
            Interlocked.Exchange(ref _dueAt, period > TimeSpan.Zero ? now + period.Ticks : Disarmed);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                Interlocked.Exchange(ref _dueAt, Disarmed);
                return true;
            }
            var now = clock.GetTimestamp();
            Interlocked.Exchange(ref _dueAt, now + dueTime.Ticks);
            if (dueTime <= TimeSpan.Zero) Fire(now);
            return true;
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _dueAt, Disarmed);
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
