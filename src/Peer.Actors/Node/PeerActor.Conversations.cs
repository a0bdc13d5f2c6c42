using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Peer;
using Encryptio.Messages.Session;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Identity;

namespace Encryptio.Peer.Node;

// Conversations: one session child per introduced peer; history with expiry; receipts; never a silent loss.
public sealed partial class PeerActor
{
    private readonly Dictionary<Uid, X509Certificate2> _peerCertificates = new();
    private readonly Dictionary<ConversationId, Conversation> _conversations = new();
    private readonly Dictionary<IActorRef, (ConversationId Conversation, Uid Peer)> _sessions = new();
    // Why each session that said so ended; its Terminated comes next and may end the conversation.
    private readonly Dictionary<IActorRef, string> _sessionEndReasons = new();
    private TimeSpan _ttl;

    private sealed record ExpireMessage(ConversationId Conversation, MessageId Id);
    private sealed record ClosingAllSessions;
    private const string YouLeftReason = "you left the conversation";
    private IActorRef? _closingAll;

    /// <summary>Asks the node to end every session with Bye before shutdown; answered with Done when all have stopped.</summary>
    public static object CloseAllSessionsRequest { get; } = new ClosingAllSessions();

    public static string SessionName(ConversationId conversation, Uid peer) => Sessions.SessionSpec.ActorNameFor(conversation, peer);

    private void OnIntroduction(Introduction intro)
    {
        // A directory is not trusted to get the certificate right: it must chain to our CA and name the peer.
        if (!Sessions.SessionSpec.TryFromIntroduction(intro, _identity, _settings, out var spec, out var reason))
        {
            _log.Warning("introduction to {0} in {1} refused: {2}", intro.Peer, intro.Conversation, reason);
            Publish(new CommandFailed($"the directory introduced {intro.Peer} with an unusable certificate: {reason}"));
            return;
        }
        // Nor to withhold a revocation it already carried: a key the CA revoked never gets a session again.
        if (IsRevokedKey(spec.PeerCertificate))
        {
            spec.PeerCertificate.Dispose();
            _log.Warning("introduction to {0} in {1} refused: the CA revoked that certificate", intro.Peer, intro.Conversation);
            Publish(new CommandFailed($"refused the directory's introduction of {intro.Peer}: the CA revoked that key"));
            return;
        }
        // Nor to decide who is in a conversation: only what the user proposed or accepted.
        if (!_consent.TryAdmit(intro, out reason))
        {
            _log.Warning("introduction to {0} in {1} refused: {2}", intro.Peer, intro.Conversation, reason);
            Publish(new CommandFailed($"refused the directory's introduction of {intro.Peer}: {reason}"));
            return;
        }
        _log.Info("introduced to {0} in conversation {1} at {2} (dialer: {3})", intro.Peer, intro.Conversation, intro.PeerEndpoint, intro.Dialer);
        Publish(new PeerIntroduced(intro.Conversation, intro.Peer, intro.Dialer, intro.PeerEndpoint));
        if (KeyIsTrusted(intro, spec)) AdmitPeer(intro, spec);
    }

    private void AdmitPeer(Introduction intro, Sessions.SessionSpec spec)
    {
        if (!_conversations.TryGetValue(intro.Conversation, out var conversation))
            _conversations[intro.Conversation] = conversation = new Conversation(intro.Conversation, _consent.MembersOf(intro.Conversation));
        if (conversation.HasEnded)
        {
            Publish(new CommandFailed($"{intro.Peer} was not let into conversation {intro.Conversation}: it has ended ({conversation.EndedBecause})"));
            return;
        }
        _peerCertificates[intro.Peer] = spec.PeerCertificate;
        conversation.AddPeer(intro.Peer);
        StartSession(spec);
    }

    private void ReceiveConversationCommands()
    {
        ReceiveChildDeaths();
        Receive<SendText>(OnSendText);
        Receive<LeaveConversation>(OnLeave);
        Receive<SetTtl>(OnSetTtl);
        Receive<VerifyPeer>(OnVerify);
        Receive<ShowHistory>(OnHistory);
        Receive<TrustPeer>(OnTrust);
        Receive<QuitNode>(_ => Quit());
        ReceiveSessionEvents();
    }

    /// <summary>Session events arrive whatever the directory's state: the P2P links do not depend on it.</summary>
    private void ReceiveSessionEvents()
    {
        Receive<InboundHello>(OnInboundHello);
        Receive<ClosingAllSessions>(_ =>
        {
            if (_sessions.Count == 0)
            {
                Sender.Tell(Akka.Done.Instance);
                return;
            }
            _closingAll = Sender;
            foreach (var session in _sessions.Keys) session.Tell(new CloseSession("the peer node is shutting down"));
        });
        Receive<SessionEstablished>(e =>
        {
            _log.Info("encrypted link up with {0} in {1}", e.Peer, e.Conversation);
            Publish(new ConversationConnected(e.Conversation, e.Peer));
        });
        Receive<ChatArrived>(OnChatArrived);
        Receive<ChatAcknowledged>(e =>
        {
            if (_conversations.TryGetValue(e.Conversation, out var c) && c.Settle(e.Peer, e.Id))
                Publish(new MessageDelivered(e.Conversation, e.Id.ToString(), e.Peer));
        });
        Receive<ChatNotDelivered>(e =>
        {
            if (_conversations.TryGetValue(e.Conversation, out var c) && c.Settle(e.Peer, e.Id))
                Publish(new MessageUndelivered(e.Conversation, e.Id.ToString(), e.Peer, e.Reason));
        });
        Receive<SessionLinkLost>(e =>
        {
            _log.Warning("link with {0} in {1} lost: {2}", e.Peer, e.Conversation, e.Reason);
            Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
        Receive<SessionEnded>(e =>
        {
            _log.Info("session with {0} in {1} ended: {2}", e.Peer, e.Conversation, e.Reason);
            _sessionEndReasons[Sender] = e.Reason;
            Publish(new PeerDisconnected(e.Conversation, e.Peer, e.Reason));
        });
        Receive<ExpireMessage>(e =>
        {
            if (_conversations.TryGetValue(e.Conversation, out var c) && c.Expire(e.Id))
                Publish(new MessageExpired(e.Conversation, e.Id.ToString()));
        });
        Receive<Terminated>(t => _sessions.ContainsKey(t.ActorRef), t => OnSessionStopped(t.ActorRef));
    }

    private void StartSession(Sessions.SessionSpec spec)
    {
        if (!Context.Child(spec.ActorName).IsNobody()) return;
        var session = Context.ActorOf(Sessions.SessionActor.Props(spec), spec.ActorName);
        Context.Watch(session);
        _sessions[session] = (spec.Conversation, spec.Peer);
    }

    private void OnInboundHello(InboundHello hello)
    {
        var session = Context.Child(SessionName(hello.Conversation, hello.From));
        if (session.IsNobody())
        {
            _log.Warning("P2P link claiming {0} in conversation {1} refused: no such introduction", hello.From, hello.Conversation);
            RefuseLink(hello.Connection, $"no conversation {hello.Conversation} with {hello.From}");
            return;
        }
        session.Forward(hello);
    }

    private void OnSendText(SendText send)
    {
        _conversations.TryGetValue(send.Conversation, out var conversation);
        if (conversation is { HasEnded: true })
        {
            Publish(new CommandFailed($"conversation {send.Conversation} has ended: {conversation.EndedBecause}", "send"));
            return;
        }
        if (conversation is null || conversation.Peers.Count == 0)
        {
            var blocked = BlockedMembers(send.Conversation);
            if (blocked.Count > 0)
            {
                Publish(new CommandFailed($"sending is blocked: the identity key of {string.Join(", ", blocked)} changed; /verify then /trust first", "send"));
                return;
            }
            Publish(new CommandFailed($"no conversation {send.Conversation} with anyone in it", "send"));
            return;
        }
        if (Encoding.UTF8.GetByteCount(send.Text) > PayloadLimits.MaxTextBytes)
        {
            Publish(new CommandFailed($"a message holds at most {PayloadLimits.MaxTextBytes} bytes of UTF-8", "send"));
            return;
        }
        var id = MessageId.NewRandom();
        var sentAt = DateTimeOffset.UtcNow;
        var ttl = _ttl;
        foreach (var peer in conversation.Peers)
        {
            conversation.AwaitAck(peer, id);
            Context.Child(SessionName(send.Conversation, peer)).Tell(new SendChat(id, send.Text, sentAt, ttl));
        }
        Remember(conversation, new ConversationMessage(id, _identity.Uid, send.Text, sentAt, sentAt + ttl), ttl);
        Publish(new MessageSent(send.Conversation, id.ToString()));
    }

    private void OnChatArrived(ChatArrived chat)
    {
        if (!_conversations.TryGetValue(chat.Conversation, out var conversation)) return;
        var receivedAt = DateTimeOffset.UtcNow;
        // The TTL runs from receipt: the peers' clocks are not trusted.
        Remember(conversation, new ConversationMessage(chat.Id, chat.From, chat.Text, chat.SentAt, receivedAt + chat.Ttl), chat.Ttl);
        Publish(new MessageReceived(chat.Conversation, chat.From, chat.Id.ToString(), chat.Text, chat.SentAt));
    }

    private void Remember(Conversation conversation, ConversationMessage message, TimeSpan ttl)
    {
        conversation.Record(message);
        Timers.StartSingleTimer($"expire-{conversation.Id.Hex}-{message.Id}", new ExpireMessage(conversation.Id, message.Id), ttl);
    }

    private void OnLeave(LeaveConversation leave)
    {
        if (!_conversations.TryGetValue(leave.Conversation, out var conversation))
        {
            Publish(new CommandFailed($"not in conversation {leave.Conversation}", "leave"));
            return;
        }
        if (conversation.HasEnded)
        {
            Publish(new CommandFailed($"conversation {leave.Conversation} has already ended: {conversation.EndedBecause}", "leave"));
            return;
        }
        _log.Info("left conversation {0}", leave.Conversation);
        // Only members waiting for /trust are left: no session will stop to end it, so it ends now.
        if (conversation.Peers.Count == 0)
        {
            EndConversation(conversation, WhyEnded(conversation, null, YouLeftReason));
            return;
        }
        // The last of these sessions to stop ends the conversation (OnSessionStopped).
        foreach (var peer in conversation.Peers)
            Context.Child(SessionName(leave.Conversation, peer)).Tell(new CloseSession(YouLeftReason));
    }

    /// <summary>A session that stopped (ended, or failed and was stopped): whatever it never delivered is reported now.</summary>
    private void OnSessionStopped(IActorRef session)
    {
        var (conversationId, peer) = _sessions[session];
        _sessions.Remove(session);
        _sessionEndReasons.Remove(session, out var endReason);
        // The node is going away with all its conversations, and has said so: ending each is noise.
        var shuttingDown = _closingAll is not null;
        if (_sessions.Count == 0 && _closingAll is not null)
        {
            _closingAll.Tell(Akka.Done.Instance);
            _closingAll = null;
        }
        if (!_conversations.TryGetValue(conversationId, out var conversation)) return;
        foreach (var id in conversation.RemovePeer(peer))
            Publish(new MessageUndelivered(conversationId, id.ToString(), peer, "session stopped"));
        if (conversation.Peers.Count > 0 || conversation.HasEnded || shuttingDown) return;
        // A member whose changed key waits for /trust may still join: sending is blocked, not over.
        var blocked = BlockedMembers(conversationId);
        if (endReason != YouLeftReason && blocked.Count > 0)
        {
            _log.Info("conversation {0} has no members left on this node but {1}, waiting for /trust", conversationId, string.Join(", ", blocked));
            return;
        }
        EndConversation(conversation, WhyEnded(conversation, peer, endReason));
    }

    /// <summary>Nobody else is left: the user is told, and sending to it is refused from now on (its history stays until it expires).</summary>
    private void EndConversation(Conversation conversation, string reason)
    {
        conversation.End(reason);
        _consent.Close(conversation.Id);
        _log.Info("conversation {0} ended: {1}", conversation.Id, reason);
        Publish(new ConversationEnded(conversation.Id, reason));
    }

    /// <summary>Why nobody else is left, in the user's words rather than the session's.</summary>
    private string WhyEnded(Conversation conversation, Uid? lastPeer, string? sessionEnd) => sessionEnd switch
    {
        YouLeftReason => "you left",
        Sessions.SessionActor.PeerLeftReason when conversation.Members.Count(m => m != _identity.Uid) > 1 => "everyone else left",
        Sessions.SessionActor.PeerLeftReason => $"{lastPeer} left",
        // Stopped by its supervisor, without a word: the session failed.
        null => $"the session with {lastPeer} failed",
        _ => $"the session with {lastPeer} ended: {sessionEnd}"
    };

    /// <summary>Members of the conversation whose introduction waits for /trust (their key changed).</summary>
    private List<Uid> BlockedMembers(ConversationId conversation) =>
        _blockedIntroductions.Where(b => b.Value.Any(w => w.Intro.Conversation == conversation)).Select(b => b.Key).ToList();

    private void OnHistory(ShowHistory show)
    {
        var now = DateTimeOffset.UtcNow;
        var messages = _conversations.Values
            .Where(c => show.Conversation is null || c.Id == show.Conversation)
            .SelectMany(c => c.History(now).Select(m => new MessageReceived(c.Id, m.From, m.Id.ToString(), m.Text, m.SentAt)))
            .OrderBy(m => m.SentAt)
            .ToImmutableArray();
        Publish(new HistoryListed(messages));
    }

    private void OnSetTtl(SetTtl ttl)
    {
        if (ttl.Seconds is < 1 or > 604_800)
        {
            Publish(new CommandFailed("a TTL is 1 to 604800 seconds", "ttl"));
            return;
        }
        _ttl = TimeSpan.FromSeconds(ttl.Seconds);
        _log.Info("message TTL set to {0}s", ttl.Seconds);
    }

    private void Quit()
    {
        Publish(new NodeStopping("the user quit"));
        CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}
