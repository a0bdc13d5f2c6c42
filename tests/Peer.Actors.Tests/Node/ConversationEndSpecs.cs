using Akka.Actor;
using Encryptio.Peer.Node;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// When nobody else is left in a conversation the node says it is over, once, and refuses to send
/// to it; nothing sent before is lost without a word.
public sealed class ConversationEndSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void When_the_only_other_member_leaves_the_conversation_ends_once_and_a_later_send_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);

        bob.Node.Tell(new LeaveConversation(conversation));

        aliceEvents.Next<ConversationEnded>().Should().Be(new ConversationEnded(conversation, "bob left"));
        alice.Node.Tell(new SendText(conversation, ChatText.From("anyone there?")));
        aliceEvents.Next<CommandFailed>().Should().Be(new CommandFailed($"conversation {conversation} has ended: bob left", "send"));
        aliceEvents.Seen.OfType<ConversationEnded>().Should().ContainSingle();
        aliceEvents.Seen.OfType<MessageSent>().Should().BeEmpty();
    }

    [Fact]
    public void Leaving_ends_the_conversation_for_the_one_who_left_once_every_session_of_it_is_closed()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var carol = StartMember("carol");
        var conversation = Introduce([alice, bob, carol]);
        var bobEvents = new ProbeLog(bob.Events, Patience);

        bob.Node.Tell(new LeaveConversation(conversation));

        bobEvents.Next<ConversationEnded>().Should().Be(new ConversationEnded(conversation, "you left"));
        bobEvents.Seen.OfType<PeerDisconnected>().Select(d => d.Peer.Value).Should().BeEquivalentTo(["alice", "carol"]);
        bob.Node.Tell(new SendText(conversation, ChatText.From("one more thing")));
        bobEvents.Next<CommandFailed>().Message.Should().Be($"conversation {conversation} has ended: you left");
    }

    [Fact]
    public void In_a_group_one_member_leaving_does_not_end_it_and_the_last_other_member_leaving_does()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var carol = StartMember("carol");
        var conversation = Introduce([alice, bob, carol]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        var bobEvents = new ProbeLog(bob.Events, Patience);

        carol.Node.Tell(new LeaveConversation(conversation));
        aliceEvents.Next<PeerDisconnected>(d => d.Peer.Value == "carol");
        bobEvents.Next<PeerDisconnected>(d => d.Peer.Value == "carol");
        alice.Node.Tell(new SendText(conversation, ChatText.From("still here, bob?")));
        bobEvents.Next<MessageReceived>().Text.Should().Be("still here, bob?");
        aliceEvents.Next<MessageDelivered>();
        aliceEvents.Seen.OfType<ConversationEnded>().Should().BeEmpty("bob is still in it");

        bob.Node.Tell(new LeaveConversation(conversation));

        aliceEvents.Next<ConversationEnded>().Should().Be(new ConversationEnded(conversation, "everyone else left"));
    }

    [Fact]
    public async Task Messages_unacked_when_the_last_other_member_leaves_are_reported_undelivered_before_the_end()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        // Alice dials bob (her UID sorts first) through the proxy: what bob sends her can be lost on the way.
        await using var proxy = new TcpProxy(bob.Endpoint);
        var conversation = Introduce([alice, bob], dialVia: m => m == bob ? proxy.Endpoint : m.Endpoint);
        var bobEvents = new ProbeLog(bob.Events, Patience);

        proxy.SwallowReplies = true;
        bob.Node.Tell(new SendText(conversation, ChatText.From("you will not read this")));
        var sent = bobEvents.Next<MessageSent>();
        alice.Node.Tell(new LeaveConversation(conversation));

        bobEvents.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(conversation, sent.Id, alice.Uid, "peer left"));
        bobEvents.Next<ConversationEnded>().Should().Be(new ConversationEnded(conversation, "alice left"));
    }
}
