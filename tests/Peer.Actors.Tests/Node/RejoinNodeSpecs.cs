using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>
/// Away, then back with the program restarted (issue 14), through real PeerActors and real links; a
/// probe plays each node's directory. Alice's node watches bob while messages wait for him, proposes
/// the conversation to him again when told he is online, and on his acceptance delivers what waited.
/// </summary>
public sealed class RejoinNodeSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public async Task A_member_back_without_the_conversation_is_proposed_it_again_and_on_accepting_gets_what_waited_once_each_in_order()
    {
        var (alice, conversation, waiting, proxy) = AwayWithMessagesWaiting(3);
        await using var _ = proxy;
        var bob = RestartBob();

        alice.Directory.Send(alice.Node, new PeerOnline(bob.Uid));

        var repropose = alice.Directory.FishForMessage<Propose>(p => p.Conversation == conversation, Patience);
        repropose.Members.Should().Equal(bob.Uid);
        repropose.Waiting.Should().Be(waiting.Count);
        alice.Directory.Send(alice.Node, new Proposed(conversation, [alice.Uid, bob.Uid]));
        bob.Directory.Send(bob.Node, new ProposalReceived(conversation, alice.Uid, [alice.Uid, bob.Uid], [.. Pki.User("alice").Certificate.RawData]) { Waiting = repropose.Waiting });
        bob.Events.FishForMessage<ProposalArrived>(p => p.Conversation == conversation, Patience).Waiting.Should().Be(waiting.Count);
        bob.Node.Tell(new AcceptConversation(conversation));
        bob.Directory.FishForMessage<AcceptProposal>(a => a.Conversation == conversation, Patience);
        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid]));
        bob.Directory.Send(bob.Node, IntroductionOf(bob, alice, conversation, [alice.Uid, bob.Uid]));

        var bobEvents = new ProbeLog(bob.Events, Patience);
        bobEvents.Until(seen => seen.OfType<MessageReceived>().Count() >= waiting.Count, "bob shows what waited");
        bobEvents.Seen.OfType<MessageReceived>().Select(m => m.Id).Should().Equal(waiting, "once each, in the order typed");
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        aliceEvents.Until(seen => waiting.ToHashSet().IsSubsetOf(seen.OfType<MessageDelivered>().Select(d => d.Id)), "each acknowledged");
        aliceEvents.Seen.OfType<MessageUndelivered>().Should().BeEmpty();
        aliceEvents.Seen.OfType<CommandFailed>().Should().BeEmpty("the second introduction of bob was this node's own re-proposal");
    }

    [Fact]
    public async Task A_member_who_declines_the_reproposal_gets_nothing_and_what_waited_is_undelivered_because_declined()
    {
        var (alice, conversation, waiting, proxy) = AwayWithMessagesWaiting(2);
        await using var _ = proxy;
        var bob = RestartBob();
        alice.Directory.Send(alice.Node, new PeerOnline(bob.Uid));
        alice.Directory.FishForMessage<Propose>(p => p.Conversation == conversation, Patience);
        alice.Directory.Send(alice.Node, new Proposed(conversation, [alice.Uid, bob.Uid]));

        alice.Directory.Send(alice.Node, new ProposalDeclined(conversation, bob.Uid, "declined"));

        var events = new ProbeLog(alice.Events, Patience);
        events.Next<ConversationDeclined>().Rejoin.Should().BeTrue();
        events.Until(seen => seen.OfType<ConversationEnded>().Any(), "the conversation ends: bob was the only other member");
        events.Seen.OfType<MessageUndelivered>().Select(u => (u.Id, u.Reason)).Should().Equal(waiting.Select(id => (id, "declined")));
    }

    [Fact]
    public async Task A_directory_introducing_a_member_again_without_a_reproposal_is_refused()
    {
        var (alice, conversation, _, proxy) = AwayWithMessagesWaiting(1);
        await using var _proxy = proxy;
        var bob = RestartBob();

        // The directory skips the proposal bob's user must accept.
        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid]));

        var events = new ProbeLog(alice.Events, Patience);
        events.Next<CommandFailed>().Message.Should().Contain("already introduced");
        events.Drain(TimeSpan.FromMilliseconds(500));
        events.Seen.OfType<PeerIntroduced>().Should().BeEmpty("no new session with bob may start");
    }

    private Member? _bob;

    /// Alice and bob talk (alice dials bob through a proxy), bob's network goes, alice types: she asks her directory to watch him.
    private (Member Alice, ConversationId Conversation, List<string> Waiting, TcpProxy Proxy) AwayWithMessagesWaiting(int count)
    {
        var alice = StartMember("alice");
        _bob = StartMember("bob");
        var proxy = new TcpProxy(_bob.Endpoint);
        var conversation = Introduce([alice, _bob], dialVia: m => m == _bob ? proxy.Endpoint : m.Endpoint);
        var events = new ProbeLog(alice.Events, Patience);
        proxy.Down = true;
        proxy.CutAll();
        events.Next<PeerDisconnected>();
        var waiting = new List<string>();
        for (var i = 0; i < count; i++)
        {
            alice.Node.Tell(new SendText(conversation, ChatText.From($"while bob is away {i}")));
            waiting.Add(events.Next<MessageSent>().Id);
        }
        alice.Directory.FishForMessage<WatchPresence>(w => w.Conversation == conversation && w.Peer == _bob.Uid, Patience);
        return (alice, conversation, waiting, proxy);
    }

    /// Bob's program stops and starts again: a new node, with no memory of the conversation.
    private Member RestartBob()
    {
        Watch(_bob!.Node);
        Sys.Stop(_bob.Node);
        ExpectTerminated(_bob.Node, Patience);
        return StartMember("bob", run: 2);
    }
}
