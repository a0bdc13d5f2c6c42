using Akka.Actor;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// A conversation's history expiry: one timer for the whole conversation, set for the message that
/// expires first; each sweep reports (`expired`) and forgets everything due, then sets the next. Not
/// an actor: it works with its conversation actor's timers, during that actor's own turn.
/// </summary>
internal sealed class ExpirySweep(Conversation conversation, ITimerScheduler timers, EventSink events)
{
    /// <summary>The timer message: everything expiring at or before <paramref name="Due"/> goes.</summary>
    public sealed record Due(DateTimeOffset At);

    private DateTimeOffset? _scheduled;

    public void Remember(ConversationMessage message)
    {
        conversation.Record(message);
        Schedule();
    }

    public void Sweep(Due due)
    {
        _scheduled = null;
        foreach (var id in conversation.ExpireUpTo(due.At)) events.Publish(new MessageExpired(conversation.Id, id.ToString()));
        Schedule();
    }

    private void Schedule()
    {
        var next = conversation.NextExpiry;
        if (next is null || _scheduled <= next) return;
        _scheduled = next;
        var delay = next.Value - DateTimeOffset.UtcNow;
        timers.StartSingleTimer(nameof(ExpirySweep), new Due(next.Value), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }
}
