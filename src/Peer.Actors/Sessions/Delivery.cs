using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// What a session tells its node about each chat message, and when: a message taken into the
/// <see cref="Outbox"/> (or refused), acknowledged, expired by its TTL, or given up; a message
/// received and shown once (<see cref="SeenIds"/>), and the Acks owed for it. Not an actor: the
/// session calls it on its own thread, with its own timers.
/// </summary>
internal sealed class Delivery
{
    private readonly SessionSpec _spec;
    private readonly IActorRef _node;
    private readonly ITimerScheduler _timers;
    private readonly ILoggingAdapter _log;
    private readonly SeenIds _seen;
    private readonly List<MessageId> _pendingAcks = new();

    public Delivery(SessionSpec spec, IActorRef node, ITimerScheduler timers, ILoggingAdapter log)
    {
        _spec = spec;
        _node = node;
        _timers = timers;
        _log = log;
        Outbox = new Outbox(spec.OutboxLimit);
        _seen = new SeenIds(spec.RememberedIds);
    }

    public Outbox Outbox { get; }

    /// True when <paramref name="chat"/> is new in the outbox; a refusal is reported to the node at once.
    public bool Take(SendChat chat)
    {
        switch (Outbox.Add(chat, out var refusal))
        {
            case Admission.Refused:
                NotDelivered(chat.Id, refusal!);
                return false;
            case Admission.Added:
                // Each side counts the TTL from when it sent or received the message; clocks are not trusted.
                var ttl = new TtlPassed(chat.Id);
                _timers.StartSingleTimer(ttl, ttl, TimeSpan.FromSeconds(Outbox.TtlSeconds(chat.Ttl)));
                return true;
            default:
                return false;
        }
    }

    public void Expire(TtlPassed expired)
    {
        if (Outbox.Remove(expired.Id)) NotDelivered(expired.Id, "TTL passed");
    }

    public void Acknowledged(AckPayload ack)
    {
        foreach (var id in ack.Ids)
        {
            if (!Outbox.Remove(id)) continue; // unknown or repeated ids are ignored
            _timers.Cancel(new TtlPassed(id));
            _node.Tell(new ChatAcknowledged(_spec.Conversation, _spec.Peer, id));
        }
    }

    /// Unacked messages wait at most <see cref="SessionSpec.UndeliveredAfter"/> for a link (armed while there is none).
    public void ArmGiveUp()
    {
        if (_spec.UndeliveredAfter is not { } wait || Outbox.Count == 0 || _timers.IsTimerActive(GiveUp.Instance)) return;
        _timers.StartSingleTimer(GiveUp.Instance, GiveUp.Instance, wait);
    }

    /// The link stayed down: whatever waits is reported now (never a silent loss); the dialer goes on redialing.
    public void GiveUpWaiting()
    {
        if (Outbox.Count == 0) return;
        var reason = $"no link to {_spec.Peer} for {_spec.UndeliveredAfter!.Value.TotalSeconds:0.#} s";
        _log.Warning("{0}; {1} unacked message(s) reported undelivered", reason, Outbox.Count);
        GiveUpAll(reason);
    }

    /// A link is up: nothing is given up, and every held message goes out on it again, oldest first.
    public void LinkUp(SecureLink link)
    {
        _timers.Cancel(GiveUp.Instance);
        Outbox.StartLink();
        Pump(link);
    }

    /// Every unacked message is reported undelivered with <paramref name="reason"/>: never a silent loss.
    public void GiveUpAll(string reason)
    {
        foreach (var chat in Outbox.TakeAll()) NotDelivered(chat.Id, reason);
    }

    /// Seals every message the window has room for onto <paramref name="link"/>.
    public void Pump(SecureLink link)
    {
        if (!Outbox.Pump(link, static (link, chat) => link.Send(Outbox.PayloadOf(chat)))) return;
        // Back-pressure, logged once per episode: the peer reads (or acks) slower than we send.
        _log.Warning("send window full ({0} bytes unacked by {1}); {2} message(s) wait in the outbox (limit {3})",
            Outbox.InFlightBytes, _spec.Peer, Outbox.Waiting, Outbox.Limit);
    }

    /// <summary>
    /// A chat from the peer: owes an Ack (a duplicate too: our earlier Ack may have been lost with the
    /// link) and is shown the first time only. True when it was new.
    /// </summary>
    public bool Arrived(ChatPayload chat, IActorRef self)
    {
        _pendingAcks.Add(chat.Id);
        if (_pendingAcks.Count == 1) self.Tell(FlushAcks.Instance); // frames already in the mailbox share one Ack
        if (!_seen.FirstSighting(chat.Id)) return false;
        _node.Tell(new ChatArrived(_spec.Conversation, _spec.Peer, chat.Id, chat.Text,
            DateTimeOffset.FromUnixTimeMilliseconds(chat.SentAtUnixMs), TimeSpan.FromSeconds(chat.TtlSeconds)));
        return true;
    }

    public void SendAcks(SecureLink link)
    {
        foreach (var batch in _pendingAcks.Chunk(PayloadLimits.MaxAckIds))
            link.Send(new AckPayload(batch));
        _pendingAcks.Clear();
    }

    /// The link is gone: Acks owed on it are not sent (the peer resends, and we ack then).
    public void EndLink()
    {
        _pendingAcks.Clear();
        Outbox.EndLink();
    }

    public void NotDelivered(MessageId id, string reason)
    {
        _timers.Cancel(new TtlPassed(id));
        _node.Tell(new ChatNotDelivered(_spec.Conversation, _spec.Peer, id, reason));
    }
}
