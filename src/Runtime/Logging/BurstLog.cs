namespace Encryptio.Runtime.Logging;

/// <summary>
/// Makes refusals (or drops) speak once per burst, not once per message, so a flood cannot become a
/// log flood: the first of a burst is logged at once and in full, the rest are counted and summed up
/// in one line when the burst ends (the owner decides when: after a quiet period on a timer, or at
/// the next request it lets through), every <see cref="SummaryEvery"/> while it goes on, and at stop
/// (<see cref="Flush"/>). One burst per key. Pure: the caller passes the time and writes the lines.
/// </summary>
public sealed class BurstLog<TKey> where TKey : notnull
{
    /// <summary>How long without a refusal ends a burst, for owners that end bursts on a timer.</summary>
    public static readonly TimeSpan DefaultQuiet = TimeSpan.FromSeconds(1);

    /// <summary>A flood that never pauses still shows in the log, once per this period rather than never.</summary>
    public static readonly TimeSpan DefaultSummaryEvery = TimeSpan.FromSeconds(60);

    /// <summary>One line's worth: refused in the whole burst, refused since the last line, and how long since that line.</summary>
    public readonly record struct Summary(TKey Key, long Refused, long Unlogged, TimeSpan Over);

    private sealed class Burst(DateTimeOffset lineAt)
    {
        public long Refused = 1;
        public long Unlogged;
        public DateTimeOffset LineAt = lineAt;
    }

    private readonly Dictionary<TKey, Burst> _open = new();

    public BurstLog() : this(DefaultSummaryEvery) { }

    public BurstLog(TimeSpan summaryEvery) => SummaryEvery = summaryEvery;

    public TimeSpan SummaryEvery { get; }

    /// <summary>Bursts under way.</summary>
    public int Open => _open.Count;

    /// <summary>
    /// One refusal. True when it begins a burst: log it in full. <paramref name="due"/> is set when the
    /// burst has gone on for <see cref="SummaryEvery"/> since its last line: log that summary now.
    /// </summary>
    public bool Refused(TKey key, DateTimeOffset now, out Summary? due)
    {
        due = null;
        if (!_open.TryGetValue(key, out var burst))
        {
            _open[key] = new Burst(now);
            return true;
        }
        burst.Refused++;
        burst.Unlogged++;
        if (now - burst.LineAt >= SummaryEvery) due = Line(key, burst, now);
        return false;
    }

    /// <summary>The burst of <paramref name="key"/> is over: its summary, or null when there was none.</summary>
    public Summary? Ended(TKey key, DateTimeOffset now) =>
        _open.Remove(key, out var burst) ? Line(key, burst, now) : null;

    /// <summary>Every burst still open, ended now (for the last lines at stop).</summary>
    public IReadOnlyList<Summary> Flush(DateTimeOffset now)
    {
        var open = _open.Select(b => Line(b.Key, b.Value, now)).ToList();
        _open.Clear();
        return open;
    }

    private static Summary Line(TKey key, Burst burst, DateTimeOffset now)
    {
        var summary = new Summary(key, burst.Refused, burst.Unlogged, now - burst.LineAt);
        burst.Unlogged = 0;
        burst.LineAt = now;
        return summary;
    }
}
