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
/// link (the receiver shows an id once), and reports what becomes of each message for each member:
/// <c>pending</c> once the member's link has been down for <see cref="DeliverySettings.PendingAfter"/>
/// (the message stays held, and goes out when the link is back), then exactly one of
/// <c>delivered</c> on its Ack, <c>expired</c> when its TTL ends first, or <c>undelivered</c> when it
/// truly cannot go (refused, or the member's session ended). Not an actor: it works with its
/// conversation actor's timers and events, during that actor's turn.
/// </summary>
internal sealed class Outboxes(ConversationId conversation, DeliverySettings settings, ITimerScheduler timers, EventSink events, ILoggingAdapter log)
{
    /// <summary>The timer message: no link to <paramref name="Peer"/> came in time; what waits for it is reported pending.</summary>
    public sealed record Away(Uid Peer);

    /// The `pending` reason while a member's link is down.
    public const string LinkDownReason = "link down";

    // A sealed chat frame is its text plus at most this (payload fields, sealed header, tag, frame header).
    private const int FrameOverheadBytes = 128;

    private readonly Dictionary<Uid, PeerOutbox> _outboxes = new();
    // The members whose session has a link up, and that session.
    private readonly Dictionary<Uid, IActorRef> _linked = new();
    // The members whose link has been down for PendingAfter: what they are sent is `pending` at once.
    private readonly HashSet<Uid> _away = new();
    // Every message held for anyone, by when its TTL ends: one sweep for the conversation, no timer per message.
    private readonly PriorityQueue<SendChat, DateTimeOffset> _expiries = new();

    public void AddPeer(Uid peer) => _outboxes.TryAdd(peer, new PeerOutbox(settings.OutboxLimit, limitBytes: settings.OutboxLimitBytes, budget: settings.Budget));

    /// <summary>Messages held for anyone (a member counts once per message it has not acknowledged).</summary>
    public int Waiting => _outboxes.Values.Sum(o => o.Count);

    /// <summary>Every member has a link up (the common case, checked on every send without allocating).</summary>
    public bool AllLinked => _linked.Count >= _outboxes.Count;

    /// <summary>Members with messages waiting and no link up.</summary>
    public IEnumerable<Uid> AwayWithWaiting() => _outboxes.Where(o => o.Value.Count > 0 && !_linked.ContainsKey(o.Key)).Select(o => o.Key);

    /// <summary>Messages waiting for <paramref name="peer"/> while it has no link up; 0 when its link is up.</summary>
    public int WaitingFor(Uid peer) => !_linked.ContainsKey(peer) && _outboxes.TryGetValue(peer, out var outbox) ? outbox.Count : 0;

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
            else if (_away.Contains(peer)) Pending(peer, chat.Id);
            else ArmAway(peer, outbox);
        }
        _expiries.Enqueue(chat, chat.ExpiresAt);
    }

    /// <summary>The member's session has a new link: every message held for it goes out again, oldest first.</summary>
    public void LinkUp(Uid peer, IActorRef session)
    {
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        _linked[peer] = session;
        _away.Remove(peer);
        timers.Cancel(new Away(peer));
        if (outbox.Count > 0) log.Info("resending {0} unacked message(s) to {1}", outbox.Count, peer);
        outbox.StartLink();
        Pump(peer, outbox, session);
    }

    /// <summary>The member's link is gone: what was on it waits for the next one (`pending` if that takes <see cref="DeliverySettings.PendingAfter"/>).</summary>
    public void LinkDown(Uid peer)
    {
        _linked.Remove(peer);
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        outbox.EndLink();
        ArmAway(peer, outbox);
    }

    public void Acknowledged(Uid peer, IReadOnlyList<MessageId> ids)
    {
        if (!_outboxes.TryGetValue(peer, out var outbox)) return;
        foreach (var id in ids)
            if (outbox.Remove(id)) events.Publish(new MessageDelivered(conversation, id.ToString(), peer));
        if (_linked.TryGetValue(peer, out var session)) Pump(peer, outbox, session);
    }

    /// <summary>No link came in time: the user is told what waits (`pending`), and it keeps waiting, within its TTL; the session goes on redialing.</summary>
    public void MemberAway(Away away)
    {
        if (_linked.ContainsKey(away.Peer) || !_outboxes.TryGetValue(away.Peer, out var outbox)) return;
        _away.Add(away.Peer);
        log.Warning("no link to {0} for {1:0.#} s; {2} message(s) wait for it, each until its TTL ends", away.Peer, settings.PendingAfter!.Value.TotalSeconds, outbox.Count);
        foreach (var id in outbox.Ids) Pending(away.Peer, id);
    }

    /// <summary>The member's session ended: every message held for it is `undelivered` with <paramref name="reason"/>, and its outbox goes.</summary>
    public void EndPeer(Uid peer, string reason)
    {
        _linked.Remove(peer);
        _away.Remove(peer);
        timers.Cancel(new Away(peer));
        if (!_outboxes.Remove(peer, out var outbox)) return;
        foreach (var chat in outbox.TakeAll()) NotDelivered(peer, chat.Id, reason);
    }

    /// <summary>The node is going away: every message held for anyone is `undelivered` with <paramref name="reason"/>.</summary>
    public void GiveUpAll(string reason)
    {
        foreach (var (peer, outbox) in _outboxes)
        foreach (var chat in outbox.TakeAll())
            NotDelivered(peer, chat.Id, reason);
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

    /// <summary>Every message whose TTL ended at or before <paramref name="due"/> is `expired` for each member still waiting for it.</summary>
    public void ExpireUpTo(DateTimeOffset due)
    {
        while (_expiries.TryPeek(out var chat, out var at) && at <= due)
        {
            _expiries.Dequeue();
            foreach (var (peer, outbox) in _outboxes)
            {
                if (!outbox.Remove(chat.Id)) continue;
                events.Publish(new MessageExpired(conversation, chat.Id.ToString(), peer));
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

    private void ArmAway(Uid peer, PeerOutbox outbox)
    {
        if (settings.PendingAfter is not { } wait || outbox.Count == 0) return;
        var key = new Away(peer);
        if (!timers.IsTimerActive(key)) timers.StartSingleTimer(key, key, wait);
    }

    private void Pending(Uid peer, MessageId id) => events.Publish(new MessagePending(conversation, id.ToString(), peer, LinkDownReason));

    private void NotDelivered(Uid peer, MessageId id, string reason) =>
        events.Publish(new MessageUndelivered(conversation, id.ToString(), peer, reason));
}

/// <summary>How a conversation delivers what its user sends (the `encryptio.peer` settings of the node).</summary>
/// <param name="OutboxLimit">Unacked messages held per member (PROTOCOL.md section 5); beyond it a send is refused for that member.</param>
/// <param name="PendingAfter">How long a member's link may be down before what waits for it is reported `pending` (it keeps waiting, within its TTL); null: never said.</param>
/// <param name="RememberedIds">Received message ids remembered per conversation to show each message once.</param>
/// <param name="Ttl">The TTL of a message sent without one (the node's when the conversation started; five minutes if none).</param>
public sealed record DeliverySettings(int OutboxLimit = 1000, TimeSpan? PendingAfter = null, int RememberedIds = 10_000, MessageTtl? Ttl = null)
{
    public static readonly DeliverySettings Default = new(PendingAfter: TimeSpan.FromSeconds(10));

    /// Text bytes held per member (PROTOCOL.md section 5).
    public int OutboxLimitBytes { get; init; } = PeerOutbox.DefaultLimitBytes;

    /// The node-wide cap shared by all the node's conversations; null: none (a conversation alone in a spec).
    public OutboxBudget? Budget { get; init; }

    /// How far the sender's clock may run behind ours before a message it sent is taken as past its TTL on arrival.
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    public static readonly MessageTtl DefaultTtl = MessageTtl.FromSeconds(300);
}
