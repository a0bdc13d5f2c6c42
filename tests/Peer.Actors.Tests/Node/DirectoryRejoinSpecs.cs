using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>
/// A user's directory commands typed while the node is (re)joining the directory wait for it and are
/// carried out once it is registered again, in the order typed. The wait is bounded in number and in
/// time, and every command that is not carried out is answered: none vanishes silently. A real
/// PeerActor; a probe plays the directory's gate, and a fresh probe each registration's link.
/// </summary>
public sealed class DirectoryRejoinSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly Uid Carol = Uid.Parse("carol");

    [Fact]
    public void A_connect_typed_while_the_directory_is_being_rejoined_is_carried_out_once_registered()
    {
        var alice = StartRegistered("alice");
        var events = new ProbeLog(alice.Events, Patience);
        LoseTheDirectory(alice, events);

        alice.Node.Tell(new ConnectTo([Bob]));
        var link = Rejoin(alice, events);

        link.ExpectMsg<Propose>(Patience).Members.Should().Equal(Bob);
        var conversation = ConversationId.New();
        link.Reply(new Proposed(conversation, [alice.Uid, Bob]));
        events.Next<ProposalSent>().Conversation.Should().Be(conversation);
        events.Seen.OfType<CommandFailed>().Should().BeEmpty();
    }

    [Fact]
    public void Accept_who_and_decline_typed_while_away_reach_the_directory_in_the_order_typed()
    {
        var alice = StartRegistered("alice");
        var events = new ProbeLog(alice.Events, Patience);
        var fromBob = ConversationId.New();
        var fromCarol = ConversationId.New();
        alice.Link.Send(alice.Node, new ProposalReceived(fromBob, Bob, [alice.Uid, Bob], [.. Pki.User("bob").Certificate.RawData]));
        alice.Link.Send(alice.Node, new ProposalReceived(fromCarol, Carol, [alice.Uid, Carol], [.. Pki.User("carol").Certificate.RawData]));
        events.Next<ProposalArrived>(p => p.Conversation == fromCarol);
        LoseTheDirectory(alice, events);

        alice.Node.Tell(new AcceptConversation(fromBob));
        alice.Node.Tell(ListOnline.Instance);
        alice.Node.Tell(new DeclineConversation(fromCarol));
        var link = Rejoin(alice, events);

        link.ExpectMsg<AcceptProposal>(Patience).Conversation.Should().Be(fromBob);
        link.ExpectMsg<Who>(Patience);
        link.ExpectMsg<DeclineProposal>(Patience).Conversation.Should().Be(fromCarol);
        events.Seen.OfType<CommandFailed>().Should().BeEmpty();
    }

    [Fact]
    public void A_connect_still_waiting_at_its_deadline_is_reported_not_carried_out_and_never_sent()
    {
        var alice = StartRegistered("alice", wait: TimeSpan.FromMilliseconds(300));
        var events = new ProbeLog(alice.Events, Patience);
        LoseTheDirectory(alice, events);

        alice.Node.Tell(new ConnectTo([Bob]));

        var failed = events.Next<CommandFailed>();
        failed.Command.Should().Be("connect");
        failed.Message.Should().StartWith("not carried out: the directory was not back within");
        var link = Rejoin(alice, events);
        alice.Node.Tell(ListOnline.Instance);
        link.ExpectMsg<Who>(Patience, "the connect that was answered is not sent after all");
        // The user was told it did not happen, so the directory cannot make it happen either.
        link.Reply(new Proposed(ConversationId.New(), [alice.Uid, Bob]));
        events.Next<CommandFailed>().Message.Should().Contain("which you did not propose");
    }

    [Fact]
    public void Directory_commands_beyond_the_waiting_room_are_refused_at_once_and_the_others_carried_out()
    {
        var alice = StartRegistered("alice", maxWaiting: 2);
        var events = new ProbeLog(alice.Events, Patience);
        LoseTheDirectory(alice, events);

        alice.Node.Tell(ListOnline.Instance);
        alice.Node.Tell(ListOnline.Instance);
        alice.Node.Tell(new ConnectTo([Carol]));

        var refused = events.Next<CommandFailed>();
        refused.Command.Should().Be("connect");
        refused.Message.Should().Be("not carried out: 2 commands are already waiting for the directory to come back");
        var link = Rejoin(alice, events);
        link.ExpectMsg<Who>(Patience);
        link.ExpectMsg<Who>(Patience);
        alice.Node.Tell(new ConnectTo([Bob]));
        link.ExpectMsg<Propose>(Patience).Members.Should().Equal([Bob], "the refused connect to carol was never sent");
    }

    [Fact]
    public async Task A_command_waiting_when_the_node_leaves_the_directory_is_answered()
    {
        var alice = StartRegistered("alice");
        var events = new ProbeLog(alice.Events, Patience);
        LoseTheDirectory(alice, events);
        alice.Node.Tell(new ConnectTo([Bob]));

        await alice.Node.Ask<Akka.Done>(PeerActor.UnregisterRequest, Patience);

        var failed = events.Next<CommandFailed>();
        failed.Command.Should().Be("connect");
        failed.Message.Should().Be("not carried out: this node is leaving the directory");
    }

    private sealed record Rejoiner(Uid Uid, IActorRef Node, TestProbe Events, TestProbe Gate, TestProbe Link);

    /// <summary>A node whose directory's gate is a probe that stays, and whose registration's link is another that can go away.</summary>
    private Rejoiner StartRegistered(string uid, int maxWaiting = 16, TimeSpan? wait = null)
    {
        var events = CreateTestProbe($"{uid}-events");
        var gate = CreateTestProbe($"{uid}-gate");
        var settings = PeerSettings.From(PeerConfig.Load(), Uid.Parse(uid)) with
        {
            DirectoryPath = gate.Ref.Path.ToString(),
            // Any delay would do: the specs wait for what the node does, never for a time.
            RegisterBackoffMin = TimeSpan.FromMilliseconds(50),
            RegisterBackoffMax = TimeSpan.FromMilliseconds(50),
            RegistrationTimeout = TimeSpan.FromMinutes(10),
            DirectoryRequestWait = wait ?? TimeSpan.FromMinutes(10),
            MaxWaitingDirectoryRequests = maxWaiting,
        };
        var node = Sys.ActorOf(PeerActor.Props(settings, Pki.User(uid), consoleProps: null, observer: events.Ref), $"peer-{uid}");
        var register = gate.ExpectMsg<Register>(Patience);
        var link = CreateTestProbe($"{uid}-link");
        // No challenge: a node answers one only from a directory it reached over TLS (HandshakeKeys).
        link.Send(node, new Registered(register.Uid));
        events.FishForMessage<RegisteredWithDirectory>(_ => true, Patience);
        return new Rejoiner(register.Uid, node, events, gate, link);
    }

    /// <summary>The directory's link to this node stops, as when the directory goes down; the node says so.</summary>
    private void LoseTheDirectory(Rejoiner node, ProbeLog events)
    {
        Sys.Stop(node.Link.Ref);
        events.Next<DirectoryUnavailable>().Reason.Should().Be("the directory went away");
    }

    /// <summary>
    /// The node comes back to the gate; a new link registers it. Registered goes through the node,
    /// so whatever the spec told the node before is with its directory client first.
    /// </summary>
    private TestProbe Rejoin(Rejoiner node, ProbeLog events)
    {
        var register = node.Gate.ExpectMsg<Register>(Patience);
        var link = CreateTestProbe();
        link.Send(node.Node, new Registered(register.Uid));
        events.Next<RegisteredWithDirectory>();
        return link;
    }
}
