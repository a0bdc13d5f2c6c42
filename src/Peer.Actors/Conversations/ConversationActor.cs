using System.Collections.Immutable;
using System.Text;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Link;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// /user/peer/conversation-&lt;id&gt;: one conversation on this node, with the members the user agreed
/// to. Runs a session child per admitted member, sends the user's text to each, keeps the history
/// with one TTL sweep for all of it, and reports every message it sent as delivered, undelivered or
/// expired: never a silent loss. When nobody else is left it ends, once, and refuses to send again.
/// States: Waiting (only members whose key waits for /trust) -> Open -> Ended; Closing at shutdown.
/// </summary>
public sealed class ConversationActor : ReceiveActor, IWithTimers
{
    public static string NameFor(ConversationId conversation) => $"conversation-{conversation.Hex}";

    public static Props Props(ConversationId id, ImmutableArray<Uid> members, Uid self, EventSink events) =>
        Akka.Actor.Props.Create(() => new ConversationActor(id, members, self, events));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Conversation _conversation;
    private readonly Uid _self;
    private readonly EventSink _events;
    private readonly SessionRoster _sessions;
    // Members whose introduction waits for /trust: sending says so, and their absence ends nothing.
    private readonly List<Uid> _blocked = [];
    private ExpirySweep _expiry = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public ConversationActor(ConversationId id, ImmutableArray<Uid> members, Uid self, EventSink events)
    {
        _conversation = new Conversation(id, members);
        _self = self;
        _events = events;
        _sessions = new SessionRoster(Context);
        Waiting();
    }

    // Akka hands the actor its timers after the constructor has run.
    protected override void PreStart() => _expiry = new ExpirySweep(_conversation, Timers, _events);

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
        Receive<SendToConversation>(_ => RefuseSend());
        Receive<LeaveConversation>(_ => Fail($"not in conversation {Id}", "leave"));
        ReceiveWithoutSessions();
    }

    private void Open()
    {
        Receive<AdmitSession>(admit => Admit(admit.Spec));
        Receive<SendToConversation>(OnSend);
        Receive<LeaveConversation>(_ => OnLeave());
        Receive<InboundHello>(OnInboundHello);
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
        Receive<SendToConversation>(_ => Fail($"conversation {Id} has ended: {why}", "send"));
        Receive<LeaveConversation>(_ => Fail($"conversation {Id} has already ended: {why}", "leave"));
        ReceiveWithoutSessions();
    }

    /// <summary>The node is going away with all its conversations, and has said so: ending each one is noise.</summary>
    private void Closing(IActorRef closer)
    {
        Receive<SendToConversation>(_ => Fail("the node is shutting down", "send"));
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
        Receive<InboundHello>(hello => RefuseLink(hello, _log));
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
    }

    /// <summary>What the sessions say arrives whatever the directory's state: the P2P links do not depend on it.</summary>
    private void ReceiveSessionEvents()
    {
        Receive<SessionEstablished>(e =>
        {
            _log.Info("encrypted link up with {0} in {1}", e.Peer, e.Conversation);
            _events.Publish(new ConversationConnected(e.Conversation, e.Peer) { Path = e.Relayed ? "relay" : "direct" });
        });
        Receive<ChatArrived>(chat =>
        {
            // The TTL runs from receipt: the peers' clocks are not trusted.
            _expiry.Remember(new ConversationMessage(chat.Id, chat.From, chat.Text, chat.SentAt, DateTimeOffset.UtcNow + chat.Ttl));
            _events.Publish(new MessageReceived(chat.Conversation, chat.From, chat.Id.ToString(), chat.Text, chat.SentAt));
        });
        Receive<ChatAcknowledged>(e => { if (_conversation.Settle(e.Peer, e.Id)) _events.Publish(new MessageDelivered(Id, e.Id.ToString(), e.Peer)); });
        Receive<ChatNotDelivered>(e => { if (_conversation.Settle(e.Peer, e.Id)) _events.Publish(new MessageUndelivered(Id, e.Id.ToString(), e.Peer, e.Reason)); });
        Receive<SessionLinkLost>(e =>
        {
            _log.Warning("link with {0} in {1} lost: {2}", e.Peer, e.Conversation, e.Reason);
            _events.Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
        Receive<SessionEnded>(e =>
        {
            _log.Info("session with {0} in {1} ended: {2}", e.Peer, e.Conversation, e.Reason);
            _sessions.Ending(Sender, e.Reason);
            _events.Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
    }

    private void Admit(SessionSpec spec)
    {
        _blocked.Remove(spec.Peer);
        _conversation.AddPeer(spec.Peer);
        _sessions.Start(spec);
    }

    private void OnSend(SendToConversation command)
    {
        if (_conversation.Peers.Count == 0)
        {
            RefuseSend();
            return;
        }
        var text = command.Command.Text;
        if (Encoding.UTF8.GetByteCount(text) > PayloadLimits.MaxTextBytes)
        {
            Fail($"a message holds at most {PayloadLimits.MaxTextBytes} bytes of UTF-8", "send");
            return;
        }
        var id = MessageId.NewRandom();
        var sentAt = DateTimeOffset.UtcNow;
        foreach (var peer in _conversation.Peers)
        {
            _conversation.AwaitAck(peer, id);
            Context.Child(SessionSpec.ActorNameFor(Id, peer)).Tell(new SendChat(id, text, sentAt, command.Ttl));
        }
        _expiry.Remember(new ConversationMessage(id, _self, text, sentAt, sentAt + command.Ttl));
        _events.Publish(new MessageSent(Id, id.ToString()));
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
            Context.Child(SessionSpec.ActorNameFor(Id, peer)).Tell(new CloseSession(EndReasons.YouLeft));
    }

    private void OnInboundHello(InboundHello hello)
    {
        var session = Context.Child(SessionSpec.ActorNameFor(hello.Conversation, hello.From));
        if (session.IsNobody()) RefuseLink(hello, _log);
        else session.Forward(hello);
    }

    /// <summary>A P2P link whose Hello names no session here is refused, and its claim logged.</summary>
    internal static void RefuseLink(InboundHello hello, ILoggingAdapter log)
    {
        log.Warning("P2P link claiming {0} in conversation {1} refused: no such introduction", hello.From, hello.Conversation);
        hello.Connection.Tell(new RefuseLink($"no conversation {hello.Conversation} with {hello.From}"));
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
        var (peer, endReason) = RemoveSession(session);
        if (_conversation.Peers.Count > 0) return;
        // A member whose changed key waits for /trust may still join: sending is blocked, not over.
        if (endReason != EndReasons.YouLeft && _blocked.Count > 0)
        {
            _log.Info("conversation {0} has no members left on this node but {1}, waiting for /trust", Id, string.Join(", ", _blocked));
            return;
        }
        End(EndReasons.Why(_conversation, _self, peer, endReason));
    }

    private (Uid Peer, string? EndReason) RemoveSession(IActorRef session)
    {
        var (peer, endReason) = _sessions.Stopped(session);
        foreach (var id in _conversation.RemovePeer(peer))
            _events.Publish(new MessageUndelivered(Id, id.ToString(), peer, "session stopped"));
        return (peer, endReason);
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
