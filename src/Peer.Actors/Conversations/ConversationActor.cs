using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// /user/peer/conversation-&lt;id&gt;: one conversation on this node, with the members the user agreed
/// to. Runs a session child per admitted member; holds what the user sends in one outbox per member
/// (<see cref="Outboxes"/>) until it is acknowledged, and reports each as delivered or undelivered:
/// never a silent loss; shows what arrives through its <see cref="Inbox"/> (once each); keeps the history.
/// One TTL sweep serves the history and the outboxes. When nobody else is left it ends, once, and
/// refuses to send again.
/// States: Waiting (only members whose key waits for /trust) -> Open -> Ended; Closing at shutdown.
/// </summary>
public sealed class ConversationActor : ReceiveActor, IWithTimers
{
    public static string NameFor(ConversationId conversation) => $"conversation-{conversation.Hex}";

    public static Props Props(ConversationId id, ImmutableArray<Uid> members, Uid self, EventSink events, DeliverySettings? delivery = null) =>
        Akka.Actor.Props.Create(() => new ConversationActor(id, members, self, events, delivery ?? DeliverySettings.Default));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Conversation _conversation;
    private readonly Uid _self;
    private readonly EventSink _events;
    private readonly SessionRoster _sessions;
    // Members whose introduction waits for /trust: sending says so, and their absence ends nothing.
    private readonly List<Uid> _blocked = [];
    private readonly DeliverySettings _delivery;
    // Made in PreStart: Akka hands the actor its timers after the constructor has run.
    private Outboxes _outboxes = null!;
    private ExpirySweep _expiry = null!;
    private Rejoins _rejoins = null!;
    private Inbox _inbox = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public ConversationActor(ConversationId id, ImmutableArray<Uid> members, Uid self, EventSink events, DeliverySettings delivery)
    {
        _conversation = new Conversation(id, members);
        _self = self;
        _events = events;
        _delivery = delivery;
        _sessions = new SessionRoster(Context);
        Waiting();
    }

    protected override void PreStart()
    {
        _outboxes = new Outboxes(Id, _delivery, Timers, _events, _log);
        _expiry = new ExpirySweep(_conversation, _outboxes, Timers, _events);
        _rejoins = new Rejoins(Id, _outboxes, Context.Parent, _log);
        _inbox = new Inbox(Id, new SeenIds(_delivery.RememberedIds), _expiry, _events, _delivery.ClockSkew, _log);
    }

    private ConversationId Id => _conversation.Id;

    /// <summary>A session that throws is stopped, never restarted: its Terminated reports what it never delivered.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("a session failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    private void Waiting()
    {
        Receive<AdmitSession>(admit => { Become(Open); Admit(admit.Spec); });
        Receive<SendText>(_ => RefuseSend());
        Receive<LeaveConversation>(_ => Fail($"not in conversation {Id}", "leave"));
        ReceiveWithoutSessions();
    }

    private void Open()
    {
        Receive<AdmitSession>(admit => Admit(admit.Spec));
        Receive<SendText>(OnSend);
        Receive<LeaveConversation>(_ => OnLeave());
        Receive<InboundHello>(hello => _sessions.HandOver(hello, _log));
        Receive<EndSessionsWith>(OnEndSessionsWith);
        Receive<CloseSessions>(_ => CloseAll(Sender));
        ReceiveSessionEvents();
        Receive<Terminated>(t => _sessions.Has(t.ActorRef), t => OnSessionStopped(t.ActorRef));
        ReceiveAlways();
    }

    private void Ended()
    {
        var why = _conversation.EndedBecause;
        // The certificate is not disposed here: admission keeps it as the key in use for /verify.
        Receive<AdmitSession>(admit =>
            _events.Publish(new CommandFailed($"{admit.Spec.Peer} was not let into conversation {Id}: it has ended ({why})")));
        Receive<SendText>(_ => Fail($"conversation {Id} has ended: {why}", "send"));
        Receive<LeaveConversation>(_ => Fail($"conversation {Id} has already ended: {why}", "leave"));
        ReceiveWithoutSessions();
    }

    /// <summary>The node is going away with all its conversations, and has said so: ending each one is noise.</summary>
    private void Closing(IActorRef closer)
    {
        Receive<SendText>(_ => Fail("the node is shutting down", "send"));
        Receive<EndSessionsWith>(OnEndSessionsWith);
        ReceiveSessionEvents();
        Receive<Terminated>(t => _sessions.Has(t.ActorRef), t =>
        {
            RemoveSession(t.ActorRef);
            if (_sessions.Count == 0) closer.Tell(Done.Instance);
        });
        Receive<CloseSessions>(_ => { if (_sessions.Count == 0) Sender.Tell(Done.Instance); });
        ReceiveAlways();
    }

    private void ReceiveWithoutSessions()
    {
        Receive<InboundHello>(hello => SessionRoster.Refuse(hello, _log));
        Receive<EndSessionsWith>(_ => Sender.Tell(new SessionsEnded(0)));
        Receive<CloseSessions>(_ => Sender.Tell(Done.Instance));
        ReceiveAlways();
    }

    private void ReceiveAlways()
    {
        Receive<MemberBlocked>(blocked => _blocked.Add(blocked.Peer));
        Receive<ListHistory>(_ => Sender.Tell(new HistoryPart(
            [.. _conversation.History(DateTimeOffset.UtcNow).Select(m => new MessageReceived(Id, m.From, m.Id.ToString(), m.Text, m.SentAt))])));
        Receive<ExpirySweep.Due>(due => _expiry.Sweep(due));
        Receive<Outboxes.Away>(away => _outboxes.MemberAway(away));
        Receive<CountWaiting>(_ => Sender.Tell(new WaitingCount(_outboxes.Waiting)));
        // Told to every conversation of the node; one with nothing waiting for that member does nothing.
        Receive<MemberOnline>(online => _rejoins.Online(online.Peer));
        Receive<RejoinDeclined>(OnRejoinDeclined);
        Receive<ReportWaitingLost>(lost =>
        {
            _outboxes.GiveUpAll(lost.Reason);
            Sender.Tell(Done.Instance);
        });
    }

    /// <summary>What the sessions say arrives whatever the directory's state: the P2P links do not depend on it.</summary>
    private void ReceiveSessionEvents()
    {
        // A session replaced by a newer one (the member came back) says nothing for the member any more.
        Receive<SessionEstablished>(_ => _sessions.IsRetired(Sender), _ => { });
        Receive<SessionLinkLost>(_ => _sessions.IsRetired(Sender), _ => { });
        Receive<SessionEnded>(_ => _sessions.IsRetired(Sender), _ => { });
        Receive<SessionEstablished>(e =>
        {
            _log.Info("encrypted link up with {0} in {1}", e.Peer, e.Conversation);
            _events.Publish(new ConversationConnected(e.Conversation, e.Peer) { Path = e.Relayed ? "relay" : "direct" });
            _outboxes.LinkUp(e.Peer, Sender);
            _rejoins.LinkUp(e.Peer);
        });
        Receive<ChatArrived>(chat => _inbox.Arrived(chat));
        Receive<ChatsAcknowledged>(e => _outboxes.Acknowledged(e.Peer, e.Ids));
        Receive<SessionLinkLost>(e =>
        {
            _log.Warning("link with {0} in {1} lost: {2}", e.Peer, e.Conversation, e.Reason);
            _outboxes.LinkDown(e.Peer);
            _rejoins.WatchAway();
            _events.Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
        Receive<SessionEnded>(e =>
        {
            _log.Info("session with {0} in {1} ended: {2}", e.Peer, e.Conversation, e.Reason);
            _sessions.Ending(Sender, e.Reason);
            _outboxes.EndPeer(e.Peer, e.Reason);
            _events.Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
    }

    private void Admit(SessionSpec spec)
    {
        _blocked.Remove(spec.Peer);
        _conversation.AddPeer(spec.Peer);
        _outboxes.AddPeer(spec.Peer);
        if (!_sessions.Replace(spec))
        {
            _sessions.Start(spec);
            return;
        }
        // Re-introduced after it came back without the conversation: a fresh handshake on a new
        // session, and its outbox, kept, goes out on the new link, oldest first.
        _log.Info("{0} rejoined {1}: a new session replaces the old one; {2} message(s) wait for it", spec.Peer, Id, _outboxes.WaitingFor(spec.Peer));
        _outboxes.LinkDown(spec.Peer);
    }

    private void OnRejoinDeclined(RejoinDeclined declined)
    {
        _log.Info("{0} declined to rejoin {1}", declined.Peer, Id);
        _outboxes.EndPeer(declined.Peer, declined.Reason);
        _rejoins.Gone(declined.Peer);
        _sessions.StopAllWith(declined.Peer, $"{declined.Peer} declined to rejoin");
    }

    private void OnSend(SendText send)
    {
        if (_conversation.Peers.Count == 0)
        {
            RefuseSend();
            return;
        }
        var chat = new SendChat(MessageId.NewRandom(), send.Text, DateTimeOffset.UtcNow, send.Ttl ?? _delivery.Ttl ?? DeliverySettings.DefaultTtl);
        // Said before any outcome (an outbox that is full answers `undelivered` at once).
        _events.Publish(new MessageSent(Id, chat.Id.ToString()));
        _expiry.Sent(new ConversationMessage(chat.Id, _self, send.Text.Value, chat.SentAt, chat.ExpiresAt), chat);
        _rejoins.WatchAway();
    }

    private void RefuseSend() => Fail(_blocked.Count > 0
        ? $"sending is blocked: the identity key of {string.Join(", ", _blocked)} changed; /verify then /trust first"
        : $"no conversation {Id} with anyone in it", "send");

    private void CloseAll(IActorRef closer)
    {
        foreach (var session in _sessions.All) session.Tell(new CloseSession("the peer node is shutting down"));
        if (_sessions.Count == 0) closer.Tell(Done.Instance);
        else Become(() => Closing(closer));
    }

    private void OnLeave()
    {
        _log.Info("left conversation {0}", Id);
        // Only members waiting for /trust are left: no session will stop to end it, so it ends now.
        if (_conversation.Peers.Count == 0)
        {
            End(EndReasons.Why(_conversation, _self, null, EndReasons.YouLeft));
            return;
        }
        // The last of these sessions to stop ends the conversation (OnSessionStopped).
        foreach (var peer in _conversation.Peers)
            _sessions.For(peer)?.Tell(new CloseSession(EndReasons.YouLeft));
    }

    private void OnEndSessionsWith(EndSessionsWith revoked)
    {
        // Whatever they never acknowledged is reported undelivered as they stop, and the conversation
        // ends if nobody else is left.
        var ended = _sessions.StopAllWith(revoked.Peer, revoked.Reason);
        if (ended > 0) _events.Publish(new PeerKeyRevoked(revoked.Peer, revoked.Serial, Id));
        Sender.Tell(new SessionsEnded(ended));
    }

    /// <summary>A session that stopped (ended, or failed and was stopped): whatever it never delivered is reported now.</summary>
    private void OnSessionStopped(IActorRef session)
    {
        var (peer, endReason, retired) = RemoveSession(session);
        if (retired || _conversation.Peers.Count > 0) return;
        // A member whose changed key waits for /trust may still join: sending is blocked, not over.
        if (endReason != EndReasons.YouLeft && _blocked.Count > 0)
        {
            _log.Info("conversation {0} has no members left on this node but {1}, waiting for /trust", Id, string.Join(", ", _blocked));
            return;
        }
        End(EndReasons.Why(_conversation, _self, peer, endReason));
    }

    private (Uid Peer, string? EndReason, bool Retired) RemoveSession(IActorRef session)
    {
        var (peer, endReason, retired) = _sessions.Stopped(session);
        if (retired) return (peer, endReason, retired);
        _conversation.RemovePeer(peer);
        _outboxes.EndPeer(peer, endReason ?? "session stopped");
        _rejoins.Gone(peer);
        return (peer, endReason, retired);
    }

    /// <summary>Nobody else is left: the user is told, and sending to it is refused from now on (its history stays until it expires).</summary>
    private void End(string reason)
    {
        _conversation.End(reason);
        Context.Parent.Tell(new ConversationOver(Id));
        _log.Info("conversation {0} ended: {1}", Id, reason);
        _events.Publish(new ConversationEnded(Id, reason));
        Become(Ended);
    }

    private void Fail(string message, string command) => _events.Publish(new CommandFailed(message, command));
}
