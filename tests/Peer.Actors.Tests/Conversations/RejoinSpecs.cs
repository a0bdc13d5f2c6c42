using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Node;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Conversations;

/// <summary>
/// A member who comes back without the conversation (its program restarted), over real sessions and
/// real loopback links (issue 14): the sender's conversation asks for a watch while messages wait,
/// proposes itself again when told the member is online, and on the new introduction replaces the
/// dead session with a fresh one that keeps the member's outbox.
/// </summary>
public sealed class RejoinSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private static readonly Uid Bob = Uid.Parse("bob");

    [Fact]
    public async Task A_member_back_without_the_conversation_gets_a_new_session_that_delivers_what_waited_once_each_in_order()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceConversation, bobConversation) = ConnectConversations(alice, bob, dialTo: proxy.Endpoint);
        var aliceEvents = new ProbeLog(alice.Probe, Patience);
        var acked = Say(aliceConversation, aliceEvents, "before bob went away");
        aliceEvents.Next<MessageDelivered>(d => d.Id == acked);

        proxy.Down = true;
        proxy.CutAll();
        aliceEvents.Next<PeerDisconnected>();
        var waiting = Enumerable.Range(0, 5).Select(i => Say(aliceConversation, aliceEvents, $"while bob is away {i}")).ToList();
        aliceEvents.Until(seen => seen.OfType<WatchMember>().Any(), "a watch asked for");
        aliceEvents.Seen.OfType<WatchMember>().Should().Equal([new WatchMember(Conversation, Bob)], "messages wait for bob and his link is gone; asked once");

        // Bob's program restarts: his node forgets the conversation, then takes it anew.
        Watch(bobConversation);
        Sys.Stop(bobConversation);
        ExpectTerminated(bobConversation, Patience);
        bob.Probe.ReceiveWhile(TimeSpan.FromMilliseconds(200), _ => true);
        StartConversation(bob, SpecFor(bob, alice, dialer: false));

        aliceConversation.Tell(new MemberOnline(Bob));
        aliceEvents.Next<ReproposeMember>().Should().Be(new ReproposeMember(Conversation, Bob, waiting.Count));
        aliceEvents.Until(seen => seen.OfType<WatchMember>().Count() == 2, "watched again, should this proposal fail");

        // Bob accepted: the directory introduces him again (this time straight to his port).
        aliceConversation.Tell(new AdmitSession(SpecFor(alice, bob, dialer: true)));

        aliceEvents.Next<ConversationConnected>();
        aliceEvents.Until(seen => waiting.ToHashSet().IsSubsetOf(seen.OfType<MessageDelivered>().Select(d => d.Id)), "every waiting message acknowledged");
        var bobEvents = new ProbeLog(bob.Probe, Patience);
        bobEvents.Until(seen => seen.OfType<MessageReceived>().Count() >= waiting.Count, "bob shows what waited");
        bobEvents.Drain(TimeSpan.FromMilliseconds(300));
        bobEvents.Seen.OfType<MessageReceived>().Select(m => m.Id).Should().Equal(waiting, "once each, in the order typed, and nothing bob had already acknowledged");
        aliceEvents.Drain(TimeSpan.FromMilliseconds(300));
        aliceEvents.Seen.OfType<MessageUndelivered>().Should().BeEmpty("the old session's end is not bob's: his outbox was kept");
        aliceEvents.Seen.OfType<ConversationEnded>().Should().BeEmpty();
        aliceEvents.Seen.OfType<MessageDelivered>().Select(d => d.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Declining_the_reproposal_reports_what_waited_undelivered_because_declined()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var conversation = StartConversation(alice, SpecFor(alice, bob, dialer: true, dialTo: Unreachable()));
        var events = new ProbeLog(alice.Probe, Patience);
        var first = Say(conversation, events, "one");
        var second = Say(conversation, events, "two");

        conversation.Tell(new RejoinDeclined(Conversation, Bob, "declined"));

        events.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(Conversation, first, Bob, "declined"));
        events.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(Conversation, second, Bob, "declined"));
        events.Next<ConversationEnded>().Reason.Should().Contain("declined");
    }

    [Fact]
    public void A_member_online_again_whose_link_is_up_is_not_proposed_to_again()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceConversation, _) = ConnectConversations(alice, bob);
        var events = new ProbeLog(alice.Probe, Patience);
        var said = Say(aliceConversation, events, "hello");
        events.Next<MessageDelivered>(d => d.Id == said);

        aliceConversation.Tell(new MemberOnline(Bob));

        events.Drain(TimeSpan.FromMilliseconds(300));
        events.Seen.OfType<ReproposeMember>().Should().BeEmpty("nothing waits and the link is up");
        events.Seen.OfType<WatchMember>().Should().BeEmpty();
    }

    /// A port nobody listens on: a dialer aimed there never gets a link.
    private static PeerEndpoint Unreachable()
    {
        var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new PeerEndpoint("127.0.0.1", port);
    }
}
