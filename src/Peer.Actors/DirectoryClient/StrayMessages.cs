using Akka.Actor;
using Akka.Event;
using Encryptio.Runtime.Logging;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// Directory messages that did not come from the directory this node registered with: dropped unread
/// by the directory client, and logged once per burst (the first at once, then a count when a second
/// of quiet ends the burst, and at stop). Not an actor: the client calls it in its own turn, with its timers.
/// </summary>
internal sealed class StrayMessages(ILoggingAdapter log, ITimerScheduler timers, IScheduler scheduler)
{
    /// <summary>The timer message: no stray for a while; the burst is over.</summary>
    public sealed record Quiet
    {
        public static readonly Quiet Instance = new();
    }

    private const string Timer = "strays";
    private readonly BurstLog<string> _strays = new();

    public void Drop(object message, IActorRef sender)
    {
        if (_strays.Refused(Timer, scheduler.Now, out var due))
            log.Warning("dropped a {0} from {1}: not from the directory this node registered with", message.GetType().Name, sender.Path.Address);
        Summarise(due);
        timers.StartSingleTimer(Timer, Quiet.Instance, BurstLog<string>.DefaultQuiet);
    }

    public void BurstOver() => Summarise(_strays.Ended(Timer, scheduler.Now));

    public void Flush()
    {
        foreach (var burst in _strays.Flush(scheduler.Now)) Summarise(burst);
    }

    private void Summarise(BurstLog<string>.Summary? burst)
    {
        if (burst is { Unlogged: > 0 } summary) log.Warning("dropped {0} more directory messages that did not come from the directory", summary.Unlogged);
    }
}
