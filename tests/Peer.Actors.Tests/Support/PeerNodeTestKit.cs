using Encryptio.Testing;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// <summary>
/// Real PeerActors (their listener, sessions and links on 127.0.0.1), each with a probe in the
/// directory's place: it takes the node's registration and hands out the Introductions the real
/// directory sends once everyone has accepted. Each node's events go to a probe of its own.
/// </summary>
public abstract class PeerNodeTestKit(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(PeerConfig.Load(), output: output)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    internal TestPki Pki { get; } = new();

    internal sealed record Member(Uid Uid, IActorRef Node, TestProbe Events, TestProbe Directory, PeerEndpoint Endpoint);

    /// <summary>Starts the node for <paramref name="uid"/> and registers it with its stand-in directory.</summary>
    /// <param name="run">Tells apart the probes of a node started again with the same UID (its program restarted).</param>
    internal Member StartMember(string uid, int run = 1)
    {
        var suffix = run == 1 ? "" : $"-{run}";
        var events = CreateTestProbe($"{uid}-events{suffix}");
        var directory = CreateTestProbe($"{uid}-directory{suffix}");
        var settings = PeerSettings.From(PeerConfig.Load(), Uid.Parse(uid)) with
        {
            // The stand-in is the directory: the node resolves it by its path, as it would the real one.
            DirectoryPath = directory.Ref.Path.ToString(),
            RegisterBackoffMin = TimeSpan.FromMinutes(10),
            RegisterBackoffMax = TimeSpan.FromMinutes(10),
        };
        var node = Sys.ActorOf(PeerActor.Props(settings, Pki.User(uid), consoleProps: null, observer: events.Ref), $"peer-{uid}");

        var register = directory.ExpectMsg<Register>(Patience);
        // No challenge: a node answers one only from a directory it reached over TLS (HandshakeKeys).
        directory.Reply(new Registered(register.Uid));
        events.ExpectMsg<RegisteredWithDirectory>(Patience);
        return new Member(register.Uid, node, events, directory, register.P2P);
    }

    /// <summary>
    /// Agrees a new conversation among <paramref name="members"/> as the directory does: the first
    /// proposes, the others are shown the proposal and accept.
    /// </summary>
    internal ConversationId Agree(Member[] members)
    {
        var conversation = ConversationId.New();
        var uids = members.Select(m => m.Uid).ToImmutableArray();
        var proposer = members[0];
        proposer.Node.Tell(new ConnectTo([.. uids.Where(u => u != proposer.Uid)]));
        proposer.Directory.ExpectMsg<Propose>(Patience);
        proposer.Directory.Reply(new Proposed(conversation, uids));
        proposer.Events.FishForMessage<ProposalSent>(p => p.Conversation == conversation, Patience);
        foreach (var member in members.Skip(1))
        {
            member.Directory.Send(member.Node, new ProposalReceived(conversation, proposer.Uid, uids, [.. Pki.User(proposer.Uid.Value).Certificate.RawData]));
            member.Events.FishForMessage<ProposalArrived>(p => p.Conversation == conversation, Patience);
            member.Node.Tell(new AcceptConversation(conversation));
            member.Directory.FishForMessage<AcceptProposal>(a => a.Conversation == conversation, Patience);
        }
        return conversation;
    }

    /// <summary>The directory's introduction of <paramref name="peer"/> to <paramref name="me"/>, as the real one makes it.</summary>
    internal Introduction IntroductionOf(Member me, Member peer, ConversationId conversation, ImmutableArray<Uid> members, PeerEndpoint? endpoint = null) =>
        new(conversation, peer.Uid, [.. Pki.User(peer.Uid.Value).Certificate.RawData], endpoint ?? peer.Endpoint, me.Uid.CompareTo(peer.Uid) < 0, members);

    /// <summary>
    /// Agrees a conversation among <paramref name="members"/>, introduces every pair as the directory does
    /// (the UID that sorts first dials), and waits until each member's links to all the others are up.
    /// <paramref name="dialVia"/> gives another address to dial a member at (a proxy).
    /// </summary>
    internal ConversationId Introduce(Member[] members, Func<Member, PeerEndpoint>? dialVia = null)
    {
        var conversation = Agree(members);
        var uids = members.Select(m => m.Uid).ToImmutableArray();
        foreach (var me in members)
            foreach (var peer in members.Where(p => p != me))
                me.Directory.Send(me.Node, IntroductionOf(me, peer, conversation, uids, dialVia?.Invoke(peer)));
        foreach (var me in members)
        {
            var connected = new HashSet<Uid>();
            while (connected.Count < members.Length - 1)
                connected.Add(me.Events.FishForMessage<ConversationConnected>(c => c.Conversation == conversation, Patience).Peer);
        }
        return conversation;
    }
}
