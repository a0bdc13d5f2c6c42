using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
using Encryptio.Messages.Session;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Node;

// Conversations: a child per conversation (ConversationActor) runs its sessions and history; the node
// lets in only the introductions its user agreed to and routes the user's commands and the P2P hellos.
public sealed partial class PeerActor
{
    // How long the node waits for its conversations to answer a question about all of them.
    private static readonly TimeSpan GatherTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<Uid, X509Certificate2> _peerCertificates = new();
    private readonly Dictionary<IActorRef, ConversationId> _conversations = new();
    private TimeSpan _ttl;

    private sealed record ClosingAllSessions;
    private sealed record HistoryGathered(HistoryListed History);

    /// <summary>Asks the node to end every session with Bye before shutdown; answered with Done when all have stopped.</summary>
    public static object CloseAllSessionsRequest { get; } = new ClosingAllSessions();

    private void OnIntroduction(Introduction intro)
    {
        // A directory is not trusted to get the certificate right: it must chain to our CA and name the peer.
        if (!SessionSpec.TryFromIntroduction(intro, _identity, _settings, out var spec, out var reason))
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

    private void AdmitPeer(Introduction intro, SessionSpec spec)
    {
        _peerCertificates[intro.Peer] = spec.PeerCertificate;
        ConversationFor(intro.Conversation).Tell(new AdmitSession(spec));
    }

    /// <summary>The conversation's child, started (with the members the user agreed to) at its first introduction.</summary>
    private IActorRef ConversationFor(ConversationId id)
    {
        var name = ConversationActor.NameFor(id);
        var child = Context.Child(name);
        if (!child.IsNobody()) return child;
        child = Context.Watch(Context.ActorOf(ConversationActor.Props(id, _consent.MembersOf(id), _identity.Uid, new EventSink(_console, _observer)), name));
        _conversations[child] = id;
        return child;
    }

    private void ReceiveConversationCommands()
    {
        ReceiveChildDeaths();
        Receive<SendText>(send => Route(send.Conversation, new SendToConversation(send, _ttl), "send", $"no conversation {send.Conversation} with anyone in it"));
        Receive<LeaveConversation>(leave => Route(leave.Conversation, leave, "leave", $"not in conversation {leave.Conversation}"));
        Receive<SetTtl>(OnSetTtl);
        Receive<VerifyPeer>(OnVerify);
        Receive<ShowHistory>(OnHistory);
        Receive<HistoryGathered>(gathered => Publish(gathered.History));
        Receive<TrustPeer>(OnTrust);
        Receive<QuitNode>(_ => Quit());
        Receive<InboundHello>(hello =>
        {
            var conversation = Context.Child(ConversationActor.NameFor(hello.Conversation));
            if (conversation.IsNobody()) ConversationActor.RefuseLink(hello, _log);
            else conversation.Forward(hello);
        });
        Receive<ConversationOver>(over => _consent.Close(over.Conversation));
        Receive<ClosingAllSessions>(_ =>
            Gather<Done>(_conversations.Keys, CloseSessions.Instance).PipeTo(Sender, success: _ => Done.Instance));
        Receive<RevocationCarriedOut>(OnRevocationCarriedOut);
        Receive<Terminated>(t => _conversations.ContainsKey(t.ActorRef), t =>
        {
            // Stopped by this node's strategy after it threw: its sessions went with it.
            _conversations.Remove(t.ActorRef, out var id);
            _consent.Close(id!);
            Publish(new ConversationEnded(id!, "the conversation failed on this node"));
        });
    }

    private void Route(ConversationId id, object command, string commandName, string whenNone)
    {
        var conversation = Context.Child(ConversationActor.NameFor(id));
        if (conversation.IsNobody()) Publish(new CommandFailed(whenNone, commandName));
        else conversation.Tell(command);
    }

    private static Task<T[]> Gather<T>(IEnumerable<IActorRef> conversations, object question) =>
        Task.WhenAll(conversations.Select(c => c.Ask<T>(question, GatherTimeout)));

    private void OnHistory(ShowHistory show)
    {
        var asked = _conversations.Where(c => show.Conversation is null || c.Value == show.Conversation).Select(c => c.Key);
        Gather<HistoryPart>(asked, ListHistory.Instance).PipeTo(Self, success: parts =>
            new HistoryGathered(new HistoryListed(parts.SelectMany(p => p.Messages).OrderBy(m => m.SentAt).ToImmutableArray())));
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
