using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Logging;

namespace Encryptio.Directory.Limits;

/// <summary>
/// What one registered peer may ask of its link (Propose, Who, watches, relay requests): a token bucket,
/// and refusals logged once per burst. Its link makes it at the first request: most registered users
/// never send one, and there is a link per user. Not an actor: it works during its link's turn.
/// </summary>
internal sealed class RequestLimit(RateLimitSettings limits, ILoggingAdapter log)
{
    private const string Requests = "Propose/Who";

    private TokenBucket? _bucket;
    private BurstLog<string>? _refusals;

    /// <summary>True when the request may go on; false when it is refused (logged once per burst).</summary>
    public bool TryPass(Uid? uid, DateTimeOffset now)
    {
        _bucket ??= new TokenBucket(limits.RequestBurst, limits.RequestPerSecond, now);
        _refusals ??= new BurstLog<string>();
        if (_bucket.TryTake(now))
        {
            if (_refusals.Ended(Requests, now) is { } over)
                log.Warning("request storm from {0} over: {1} Propose/Who refused", uid, over.Refused);
            return true;
        }
        if (_refusals.Refused(Requests, now, out var due))
            log.Warning("request storm from {0}: refusing Propose/Who over {1} at once (then {2:0.##}/s); further refusals in this burst are counted, not logged", uid, limits.RequestBurst, limits.RequestPerSecond);
        else if (due is { } goesOn)
            log.Warning("request storm from {0} goes on: {1} Propose/Who refused", uid, goesOn.Refused);
        return false;
    }

    /// <summary>The link stops: a burst still under way is logged now.</summary>
    public void Flush(Uid? uid, DateTimeOffset now)
    {
        foreach (var burst in _refusals?.Flush(now) ?? [])
            log.Warning("request storm from {0}: {1} Propose/Who refused before the link stopped", uid, burst.Refused);
    }
}
