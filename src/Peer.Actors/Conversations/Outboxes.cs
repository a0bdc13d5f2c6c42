using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// Every message this node sent in one conversation and no member has acknowledged yet: one
/// <see cref="PeerOutbox"/> per member, which outlives that member's sessions and links. It hands the
/// member's session what the send window has room for while a link is up, everything again on each new
/// link (the receiver shows an id once), and reports each message exactly once per member:
/// <c>delivered</c> on its Ack, <c>undelivered</c> when its TTL passes, when no link comes within
/// <see cref="DeliverySettings.UndeliveredAfter"/>, or when the member's session ends. Not an actor: it
/// works with its conversation actor's timers and events, during that actor's turn.
/// </summary>
internal sealed class Outboxes(ConversationId conversation, DeliverySettings settings, ITimerScheduler timers, EventSink events, ILoggingAdapter log)
{
    /// <summary>The timer message: no link to <paramref name="Peer"/> came in time; what waits for it is reported undelivered.</summary>
    public sealed record GiveUp(Uid Peer);

    // A sealed chat frame is its text plus at most this (payload fields, sealed header, tag, frame header).
    private const int FrameOverheadBytes = 128;

    private readonly Dictionary<Uid, PeerOutbox> _outboxes = new();
    // The members whose session has a link up, and that session.
    private readonly Dictionary<Uid, IActorRef> _linked = new();
    // Every message held for anyone, by when its TTL ends: one sweep for the conversation, no timer per message.
    private readonly PriorityQueue<SendChat, DateTimeOffset> _expiries = new();

    public void AddPeer(Uid peer) => _outboxes.TryAdd(peer, new PeerOutbox(settings.OutboxLimit));

    /// <summary>Holds <paramref name="chat"/> for every member and sends it where a link is up; a member whose outbox is full gets `undelivered` at once.</summary>
    public void Send(SendChat chat)
    {
        foreach (var (peer, outbox) in _outboxes)
        {
            if (outbox.Add(chat, out var refusal) == Admission.Refused)
            {
                NotDelivered(peer, chat.Id, refusal!);
                continue;
            }
            if (_linked.TryGetValue(peer, out var session)) Pump(peer, outbox, session);
            else ArmGiveUp(peer, outbox);
        }
        _expiries.Enqueue(chat, chat.ExpiresAt);
    }

    /// <summary>The member's session has a new link: every message held for it goes out again, oldest first.</summary>
    public void LinkUp(Uid peer, IActorRef session)
    {
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        _linked[peer] = session;
        timers.Cancel(new GiveUp(peer));
        if (outbox.Count > 0) log.Info("resending {0} unacked message(s) to {1}", outbox.Count, peer);
        outbox.StartLink();
        Pump(peer, outbox, session);
    }

    /// <summary>The member's link is gone: what was on it waits for the next one, at most <see cref="DeliverySettings.UndeliveredAfter"/>.</summary>
    public void LinkDown(Uid peer)
    {
        _linked.Remove(peer);
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        outbox.EndLink();
        ArmGiveUp(peer, outbox);
    }

    public void Acknowledged(Uid peer, IReadOnlyList<MessageId> ids)
    {
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        foreach (var id in ids)
            if (outbox.Remove(id)) events.Publish(new MessageDelivered(conversation, id.ToString(), peer));
        if (_linked.TryGetValue(peer, out var session)) Pump(peer, outbox, session);
    }

    /// <summary>No link came in time: whatever waits is reported now (never a silent loss); the session goes on redialing.</summary>
    public void GiveUpWaiting(GiveUp giveUp)
    {
        if (_linked.ContainsKey(giveUp.Peer) || !_outboxes.TryGetValue(giveUp.Peer, out var outbox) || outbox.Count == 0) return;
        var reason = $"no link to {giveUp.Peer} for {settings.UndeliveredAfter!.Value.TotalSeconds:0.#} s";
        log.Warning("{0}; {1} unacked message(s) reported undelivered", reason, outbox.Count);
        foreach (var chat in outbox.TakeAll()) NotDelivered(giveUp.Peer, chat.Id, reason);
    }

    /// <summary>The member's session ended: every message held for it is `undelivered` with <paramref name="reason"/>, and its outbox goes.</summary>
    public void EndPeer(Uid peer, string reason)
    {
        _linked.Remove(peer);
        timers.Cancel(new GiveUp(peer));
        if (!_outboxes.Remove(peer, out var outbox)) return;
        foreach (var chat in outbox.TakeAll()) NotDelivered(peer, chat.Id, reason);
    }

    /// <summary>When the next held message's TTL ends; null when nothing is held.</summary>
    public DateTimeOffset? NextExpiry
    {
        get
        {
            while (_expiries.TryPeek(out var chat, out var at))
            {
                if (_outboxes.Values.Any(o => o.Holds(chat.Id))) return at;
                _expiries.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Every message whose TTL ended at or before <paramref name="due"/> is `undelivered` wherever it is still held.</summary>
    public void ExpireUpTo(DateTimeOffset due)
    {
        while (_expiries.TryPeek(out var chat, out var at) && at <= due)
        {
            _expiries.Dequeue();
            foreach (var (peer, outbox) in _outboxes)
            {
                if (!outbox.Remove(chat.Id)) continue;
                NotDelivered(peer, chat.Id, "TTL passed");
                if (_linked.TryGetValue(peer, out var session)) Pump(peer, outbox, session);
            }
        }
    }

    private void Pump(Uid peer, PeerOutbox outbox, IActorRef session)
    {
        if (!outbox.Pump(session, static (session, chat) =>
            {
                session.Tell(chat);
                return chat.Text.Utf8Bytes + FrameOverheadBytes;
            }))
            return;
        // Back-pressure, logged once per episode: the peer reads (or acks) slower than we send.
        log.Warning("send window full ({0} bytes unacked by {1}); {2} message(s) wait in the outbox (limit {3})",
            outbox.InFlightBytes, peer, outbox.Waiting, outbox.Limit);
    }

    private void ArmGiveUp(Uid peer, PeerOutbox outbox)
    {
        if (settings.UndeliveredAfter is not { } wait || outbox.Count == 0) return;
        var key = new GiveUp(peer);
        if (!timers.IsTimerActive(key)) timers.StartSingleTimer(key, key, wait);
    }

    private void NotDelivered(Uid peer, MessageId id, string reason) =>
        events.Publish(new MessageUndelivered(conversation, id.ToString(), peer, reason));
}

/// <summary>How a conversation delivers what its user sends (the `encryptio.peer` settings of the node).</summary>
/// <param name="OutboxLimit">Unacked messages held per member (PROTOCOL.md section 5); beyond it a send is refused for that member.</param>
/// <param name="UndeliveredAfter">How long held messages wait for a lost (or not yet opened) link before they are reported undelivered; null: only the TTL ends them.</param>
/// <param name="RememberedIds">Received message ids remembered per conversation to show each message once.</param>
/// <param name="Ttl">The TTL of a message sent without one (the node's when the conversation started; five minutes if none).</param>
public sealed record DeliverySettings(int OutboxLimit = 1000, TimeSpan? UndeliveredAfter = null, int RememberedIds = 10_000, MessageTtl? Ttl = null)
{
    public static readonly DeliverySettings Default = new(UndeliveredAfter: TimeSpan.FromSeconds(10));

    public static readonly MessageTtl DefaultTtl = MessageTtl.FromSeconds(300);
}
