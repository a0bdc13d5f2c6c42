using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>
/// The directory introduces; it does not decide. Whoever runs it, or sends messages in its name,
/// cannot add a member to a conversation, reopen one that ended, invent one the user never agreed
/// to, or make /trust pin a key the user was never shown. Real PeerActors, with a probe in the
/// directory's place that plays the attacker.
/// </summary>
public sealed class DirectoryDistrustSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void Introduction_for_a_conversation_never_agreed_to_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var invented = ConversationId.New();

        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, invented, [alice.Uid, bob.Uid]));

        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("is not one you proposed or accepted");
        alice.Node.Tell(new SendText(invented, ChatText.From("hello?")));
        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Be($"no conversation {invented} with anyone in it");
    }

    [Fact]
    public void A_ghost_member_introduced_into_an_agreed_conversation_is_refused_on_both_sides()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var mallory = StartMember("mallory");
        var conversation = Introduce([alice, bob]);
        ImmutableArray<Uid> withGhost = [alice.Uid, bob.Uid, mallory.Uid];

        // The proposer's side and the side that accepted: neither takes a member it never agreed to.
        alice.Directory.Send(alice.Node, IntroductionOf(alice, mallory, conversation, withGhost));
        bob.Directory.Send(bob.Node, IntroductionOf(bob, mallory, conversation, withGhost));

        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("mallory is not among the members you agreed to");
        bob.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("mallory is not among the members you agreed to");
        alice.Node.Tell(new SendText(conversation, ChatText.From("just us two")));
        var sent = alice.Events.ExpectMsg<MessageSent>(Patience);
        alice.Events.ExpectMsg<MessageDelivered>(Patience).Should().Be(new MessageDelivered(conversation, sent.Id, bob.Uid));
        bob.Events.FishForMessage<MessageReceived>(_ => true, Patience).Text.Should().Be("just us two");
        mallory.Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_member_list_swapped_in_an_introduction_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var mallory = StartMember("mallory");
        var conversation = Agree([alice, bob]);

        // Bob is a member, but the introduction claims a list the user never agreed to.
        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid, mallory.Uid]));

        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("is not the one you agreed to");
    }

    [Fact]
    public void An_ended_conversation_is_not_reopened_by_a_new_introduction()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        bob.Node.Tell(new LeaveConversation(conversation));
        aliceEvents.Next<ConversationEnded>();

        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid]));

        aliceEvents.Next<CommandFailed>().Message.Should().Contain("has ended; it does not take members again");
        alice.Node.Tell(new SendText(conversation, ChatText.From("are you back?")));
        aliceEvents.Next<CommandFailed>().Message.Should().Be($"conversation {conversation} has ended: bob left");
    }

    [Fact]
    public void A_proposal_announced_with_members_the_user_did_not_name_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var mallory = StartMember("mallory");
        var conversation = ConversationId.New();

        alice.Node.Tell(new ConnectTo([bob.Uid]));
        alice.Directory.ExpectMsg<Propose>(Patience);
        alice.Directory.Reply(new Proposed(conversation, [alice.Uid, bob.Uid, mallory.Uid]));
        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("which you did not propose");

        alice.Directory.Send(alice.Node, IntroductionOf(alice, mallory, conversation, [alice.Uid, bob.Uid, mallory.Uid]));
        alice.Events.ExpectMsg<CommandFailed>(Patience).Message.Should().Contain("is not one you proposed or accepted");
    }

    [Fact]
    public void Accepting_a_proposal_never_shown_is_refused_before_it_reaches_the_directory()
    {
        var bob = StartMember("bob");
        var unseen = ConversationId.New();

        bob.Node.Tell(new AcceptConversation(unseen));

        bob.Events.ExpectMsg<CommandFailed>(Patience).Command.Should().Be("accept");
        bob.Directory.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_introduction_injected_by_another_node_is_dropped_unread()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var stranger = CreateTestProbe("stranger");
        var conversation = Agree([alice, bob]);
        var members = ImmutableArray.Create(alice.Uid, bob.Uid);

        // Bob is an agreed member, but the message does not come from the directory link.
        stranger.Send(alice.Node, IntroductionOf(alice, bob, conversation, members, new PeerEndpoint("127.0.0.1", 9)));
        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, members));

        alice.Events.FishForMessage<PeerIntroduced>(_ => true, Patience).Endpoint.Should().Be(bob.Endpoint);
    }

    [Fact]
    public void A_Superseded_injected_by_another_node_does_not_log_the_user_out()
    {
        var alice = StartMember("alice");
        var stranger = CreateTestProbe("stranger");

        stranger.Send(alice.Node, new Superseded(alice.Uid));
        alice.Node.Tell(ListOnline.Instance);

        alice.Directory.ExpectMsg<Who>(Patience);
    }
}
