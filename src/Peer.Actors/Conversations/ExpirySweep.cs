using Akka.Actor;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// A conversation's one TTL timer, for its history and its outboxes alike, set for whatever expires
/// first: each sweep erases the history that is due (`expired`), reports what was never acknowledged
/// in time (`undelivered`, TTL passed), then sets the next. No timer per message. Not an actor: it
/// works with its conversation actor's timers, during that actor's own turn.
/// </summary>
internal sealed class ExpirySweep(Conversation conversation, Outboxes outboxes, ITimerScheduler timers, EventSink events)
{
    /// <summary>The timer message: everything expiring at or before <paramref name="At"/> goes.</summary>
    public sealed record Due(DateTimeOffset At);

    private DateTimeOffset? _scheduled;

    /// <summary>A message received: kept in the history until its TTL ends.</summary>
    public void Remember(ConversationMessage message)
    {
        conversation.Record(message);
        Schedule();
    }

    /// <summary>A message this node sent: in its history, and held for every member until acknowledged or its TTL ends.</summary>
    public void Sent(ConversationMessage message, SendChat chat)
    {
        conversation.Record(message);
        outboxes.Send(chat);
        Schedule();
    }

    public void Sweep(Due due)
    {
        _scheduled = null;
        outboxes.ExpireUpTo(due.At);
        foreach (var id in conversation.ExpireUpTo(due.At)) events.Publish(new MessageExpired(conversation.Id, id.ToString()));
        Schedule();
    }

    private void Schedule()
    {
        var next = Earlier(conversation.NextExpiry, outboxes.NextExpiry);
        if (next is null || _scheduled <= next) return;
        _scheduled = next;
        var delay = next.Value - DateTimeOffset.UtcNow;
        timers.StartSingleTimer(nameof(ExpirySweep), new Due(next.Value), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
