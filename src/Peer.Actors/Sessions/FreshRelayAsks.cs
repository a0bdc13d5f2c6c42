using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// When a session asks for a fresh relay token (wire 1.6; docs/protocol.md, "Fresh relay tokens"):
/// relay tokens are single use, so a pair whose link is gone needs a new one to meet at the relay
/// again. Both members ask while their link is down (the directory issues a token only when both
/// have): at once after a relayed link was lost, after one interval after a direct one (fallback then
/// has no unused token for the relay), then again with the wait doubling up to <see cref="MaxWait"/>
/// (a member that never asks back, say one that crashed, must not spend this peer's directory
/// request budget); once a token came, not again for the hold. Runs on the session's own timers.
/// </summary>
internal sealed class FreshRelayAsks(SessionSpec spec, ITimerScheduler timers)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AtOnce = TimeSpan.FromMilliseconds(1);
    private TimeSpan _next;

    public void LinkLost(bool relayed)
    {
        if (spec.FreshRelayFrom is null) return;
        _next = spec.FreshRelayInterval;
        timers.StartSingleTimer(AskFreshRelay.Instance, AskFreshRelay.Instance, relayed ? AtOnce : spec.FreshRelayInterval);
    }

    public void LinkUp() => timers.Cancel(AskFreshRelay.Instance);

    /// A fresh token came: asked again only if it does not bring the link back within the hold.
    public void Came()
    {
        _next = spec.FreshRelayInterval;
        timers.StartSingleTimer(AskFreshRelay.Instance, AskFreshRelay.Instance, spec.FreshRelayHold);
    }

    /// The timer fired; <paramref name="linkInUse"/>: a link is up or being won, so nothing is asked now.
    public void Due(bool linkInUse)
    {
        if (spec.FreshRelayFrom is null) return;
        if (!linkInUse) spec.FreshRelayFrom.Tell(new AskForRelay(new RequestRelay(spec.Conversation, spec.Peer)));
        timers.StartSingleTimer(AskFreshRelay.Instance, AskFreshRelay.Instance, _next);
        _next = TimeSpan.FromTicks(Math.Min(MaxWait.Ticks, _next.Ticks * 2));
    }
}
