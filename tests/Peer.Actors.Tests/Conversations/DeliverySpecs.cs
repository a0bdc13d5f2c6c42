using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Conversations;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Conversations;

/// <summary>
/// What a conversation tells its user about every message it sent, over real sessions and real
/// loopback links: delivered once, or undelivered with the reason; never a silent loss. The outbox of
/// each member is the conversation's: it outlives links and sessions.
/// </summary>
public sealed class DeliverySpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");

    /// A port nobody listens on: a dialer aimed there never gets a link.
    private static PeerEndpoint Nowhere()
    {
        var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return new PeerEndpoint("127.0.0.1", port);
    }

    [Fact]
    public async Task A_link_cut_mid_conversation_is_redialed_with_a_new_handshake_and_every_message_arrives_exactly_once()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceConversation, bobConversation) = ConnectConversations(alice, bob, dialTo: proxy.Endpoint);
        var aliceEvents = new ProbeLog(alice.Probe, Patience);
        var bobEvents = new ProbeLog(bob.Probe, Patience);

        var acked = Say(aliceConversation, aliceEvents, "acked before the cut");
        aliceEvents.Next<MessageDelivered>(d => d.Id == acked);

        // Bob gets these, but his Acks are lost on the way back: Alice must resend them all and
        // Bob must show each of them only once.
        proxy.SwallowReplies = true;
        var before = Enumerable.Range(0, 10).Select(i => Say(aliceConversation, aliceEvents, $"before {i}")).ToList();
        bobEvents.Until(seen => before.ToHashSet().IsSubsetOf(seen.OfType<MessageReceived>().Select(m => m.Id)), "bob shows the messages");
        aliceEvents.Seen.OfType<MessageDelivered>().Should().ContainSingle("the later acks were swallowed");
        proxy.CutAll();
        aliceEvents.Next<PeerDisconnected>().Peer.Should().Be(Bob);
        bobEvents.Next<PeerDisconnected>().Peer.Should().Be(Alice);

        var during = Enumerable.Range(0, 10).Select(i => Say(aliceConversation, aliceEvents, $"while down {i}")).ToList();
        var fromBob = Say(bobConversation, bobEvents, "bob was away too");

        aliceEvents.Next<ConversationConnected>();
        bobEvents.Next<ConversationConnected>();
        proxy.LinksAccepted.Should().Be(2, "one new link, with a new handshake");

        var all = before.Concat(during).Append(acked).ToHashSet();
        aliceEvents.Until(seen => all.IsSubsetOf(seen.OfType<MessageDelivered>().Select(d => d.Id)), "every message acknowledged");
        aliceEvents.Seen.OfType<MessageUndelivered>().Should().BeEmpty();
        aliceEvents.Seen.OfType<MessageDelivered>().Select(d => d.Id).Should().OnlyHaveUniqueItems("each message is reported delivered once");
        bobEvents.Drain(TimeSpan.FromMilliseconds(200));
        var arrived = bobEvents.Seen.OfType<MessageReceived>().ToList();
        arrived.Select(m => m.Id).Should().OnlyHaveUniqueItems("a message is shown once, however often it was sent");
        arrived.Select(m => m.Id).Should().BeEquivalentTo(all);

        aliceConversation.Tell(ListHistory.Instance, TestActor);
        var sent = ExpectMsg<HistoryPart>(Patience).Messages.Single(m => m.Id == before[^1]);
        arrived.Single(m => m.Id == before[^1]).SentAt.ToUnixTimeMilliseconds()
            .Should().Be(sent.SentAt.ToUnixTimeMilliseconds(), "a resent message keeps its sentAt");

        aliceEvents.Until(seen => seen.OfType<MessageReceived>().Any(m => m.Id == fromBob), "bob's message arrives");
        bobEvents.Until(seen => seen.OfType<MessageDelivered>().Any(d => d.Id == fromBob), "bob's message acknowledged");
    }

    [Fact]
    public async Task When_the_peer_says_Bye_its_unacked_messages_are_reported_not_delivered()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceConversation, bobConversation) = ConnectConversations(alice, bob, dialTo: proxy.Endpoint);
        var bobEvents = new ProbeLog(bob.Probe, Patience);

        proxy.SwallowReplies = true; // bob's message never reaches alice
        var lost = Say(bobConversation, bobEvents, "you will not read this");
        aliceConversation.Tell(new LeaveConversation(Conversation));

        bobEvents.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(Conversation, lost, Alice, "peer left"));
        bobEvents.Next<PeerDisconnected>().Reason.Should().Be("peer left");
    }

    [Fact]
    public void Leaving_reports_every_unacked_message_with_the_reason()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var conversation = StartConversation(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()));
        var events = new ProbeLog(alice.Probe, Patience);
        var first = Say(conversation, events, "one");
        var second = Say(conversation, events, "two");

        conversation.Tell(new LeaveConversation(Conversation));

        events.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(Conversation, first, Bob, EndReasons.YouLeft));
        events.Next<MessageUndelivered>().Should().Be(new MessageUndelivered(Conversation, second, Bob, EndReasons.YouLeft));
        events.Next<ConversationEnded>();
    }

    [Fact]
    public void A_message_whose_TTL_ends_before_the_member_acknowledges_it_is_reported_expired_for_that_member()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var conversation = StartConversation(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()));
        var events = new ProbeLog(alice.Probe, Patience);

        var id = Say(conversation, events, "short-lived", TimeSpan.FromSeconds(1));

        events.Next<MessageExpired>().Should().Be(new MessageExpired(Conversation, id, Bob));
    }

    [Fact]
    public void A_member_away_longer_than_the_wait_makes_messages_pending_and_they_go_when_it_is_back()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        // Bob's node has no conversation yet: it refuses Alice's links, and she keeps redialing.
        var aliceConversation = StartConversation(alice, SpecFor(alice, bob, dialer: true),
            new DeliverySettings(PendingAfter: TimeSpan.FromMilliseconds(300)));
        var aliceEvents = new ProbeLog(alice.Probe, Patience);

        var first = Say(aliceConversation, aliceEvents, "are you there?");
        aliceEvents.Next<MessagePending>().Should().Be(new MessagePending(Conversation, first, Bob, Outboxes.LinkDownReason));
        var second = Say(aliceConversation, aliceEvents, "still waiting");
        aliceEvents.Next<MessagePending>().Should().Be(new MessagePending(Conversation, second, Bob, Outboxes.LinkDownReason), "a member away gets `pending` at once");

        StartConversation(bob, SpecFor(bob, alice, dialer: false));

        bob.Probe.FishForMessage<MessageReceived>(_ => true, Patience).Id.Should().Be(first);
        bob.Probe.FishForMessage<MessageReceived>(_ => true, Patience).Id.Should().Be(second, "in the order typed");
        aliceEvents.Until(seen => seen.OfType<MessageDelivered>().Count() == 2, "both delivered");
        aliceEvents.Seen.OfType<MessageUndelivered>().Should().BeEmpty("waiting is not failing");
    }

    [Fact]
    public void A_full_outbox_refuses_the_next_message_at_once()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var conversation = StartConversation(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()), new DeliverySettings(OutboxLimit: 2));
        var events = new ProbeLog(alice.Probe, Patience);

        Say(conversation, events, "one");
        Say(conversation, events, "two");
        var third = Say(conversation, events, "three");

        events.Next<MessageUndelivered>().Reason.Should().StartWith("outbox full: 2 messages");
    }

    [Fact]
    public void Messages_sent_before_any_link_are_delivered_once_the_handshake_is_done()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        // Alice dials before Bob has a conversation: Bob's node refuses, Alice keeps redialing.
        var aliceConversation = StartConversation(alice, SpecFor(alice, bob, dialer: true));
        var aliceEvents = new ProbeLog(alice.Probe, Patience);
        var early = Say(aliceConversation, aliceEvents, "sent while nobody listened");

        StartConversation(bob, SpecFor(bob, alice, dialer: false));

        var arrived = bob.Probe.FishForMessage<MessageReceived>(_ => true, Patience);
        arrived.Id.Should().Be(early);
        arrived.Text.Should().Be("sent while nobody listened");
        aliceEvents.Next<MessageDelivered>().Id.Should().Be(early);
    }

    [Fact]
    public void A_frame_that_arrives_after_its_messages_TTL_ended_is_never_shown()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceConversation, _) = ConnectConversations(alice, bob);
        var aliceSession = Sys.ActorSelection(aliceConversation.Path / SessionSpecFor(bob)).ResolveOne(Patience).Result;
        var late = new SendChat(MessageId.NewRandom(), ChatText.From("this should have been gone"),
            DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10), MessageTtl.FromSeconds(60));

        aliceSession.Tell(late);
        // Sent after it on the same link, so bob's conversation has judged the late one before this one.
        var aliceEvents = new ProbeLog(alice.Probe, Patience);
        var fresh = Say(aliceConversation, aliceEvents, "this one is on time");

        bob.Probe.FishForMessage<MessageReceived>(_ => true, Patience).Id.Should().Be(fresh, "the late one was never shown");
    }

    private string SessionSpecFor(Node peer) => Encryptio.Peer.Sessions.SessionSpec.ActorNameFor(Conversation, Uid.Parse(peer.Uid));
}
