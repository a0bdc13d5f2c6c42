using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// When a session asks for a fresh relay token (wire 1.4; docs/protocol.md, "Fresh relay tokens"):
/// relay tokens are single use, so a pair whose link is gone needs a new one to meet at the relay
/// again. Both members ask while their link is down (the directory issues a token only when both
/// have): at once after a relayed link was lost, after one interval after a direct one (fallback then
/// has no unused token for the relay), then every interval; once a token came, not again for the hold.
/// Runs on the session's own timers; the session says what happened to its link.
/// </summary>
internal sealed class FreshRelayAsks(SessionSpec spec, ITimerScheduler timers)
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromMilliseconds(1);

    public void LinkLost(bool relayed)
    {
        if (spec.FreshRelayFrom is null) return;
        timers.StartPeriodicTimer(AskFreshRelay.Instance, AskFreshRelay.Instance, relayed ? AtOnce : spec.FreshRelayInterval, spec.FreshRelayInterval);
    }

    public void LinkUp() => timers.Cancel(AskFreshRelay.Instance);

    /// A fresh token came: asked again only if it does not bring the link back within the hold.
    public void Came() =>
        timers.StartPeriodicTimer(AskFreshRelay.Instance, AskFreshRelay.Instance, spec.FreshRelayHold, spec.FreshRelayInterval);

    /// The timer fired; <paramref name="linkInUse"/>: a link is up or being won, so nothing is asked.
    public void Due(bool linkInUse)
    {
        if (linkInUse || spec.FreshRelayFrom is null) return;
        spec.FreshRelayFrom.Tell(new AskForRelay(new RequestRelay(spec.Conversation, spec.Peer)));
    }
}
