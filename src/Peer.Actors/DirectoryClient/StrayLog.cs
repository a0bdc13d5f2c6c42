using Akka.Actor;
using Akka.Event;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// Logs the directory messages the client drops unread because they do not come from the directory
/// (another user's node, an imitator): the first of a burst with its sender, the rest as one count
/// when the burst ends, so a flood of them cannot flood the log. Not an actor: it works with the
/// client's log and timers, during the client's own turn.
/// </summary>
internal sealed class StrayLog(ILoggingAdapter log, ITimerScheduler timers)
{
    /// <summary>The timer message that ends a burst.</summary>
    public sealed record BurstEnded
    {
        public static readonly BurstEnded Instance = new();
    }

    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(5);
    private int _dropped;

    public void Dropped(object message, IActorRef sender)
    {
        if (_dropped++ > 0) return;
        log.Warning("dropped a {0} from {1}: not from the directory this node registered with", message.GetType().Name, sender.Path.Address);
        timers.StartSingleTimer(nameof(StrayLog), BurstEnded.Instance, Burst);
    }

    public void End()
    {
        if (_dropped > 1) log.Warning("dropped {0} more directory messages that did not come from the directory", _dropped - 1);
        _dropped = 0;
    }
}
