using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// What a session reports about its messages and itself: never a silent loss.
public sealed class SessionLifecycleSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
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
    public void Closing_a_session_says_Bye_and_both_sides_end_it()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceSession, _) = Connect(alice, bob);
        Watch(aliceSession);

        aliceSession.Tell(new CloseSession("alice left"));

        bob.Probe.FishForMessage<SessionEnded>(_ => true, Patience).Reason.Should().Be("peer left");
        alice.Probe.FishForMessage<SessionEnded>(_ => true, Patience).Reason.Should().Be("alice left");
        ExpectTerminated(aliceSession, Patience);
    }

    [Fact]
    public async Task When_the_peer_says_Bye_its_unacked_messages_are_reported_not_delivered()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceSession, bobSession) = Connect(alice, bob, dialTo: proxy.Endpoint);
        var bobEvents = new ProbeLog(bob.Probe, Patience);

        proxy.SwallowReplies = true; // bob's message never reaches alice
        var lost = Chat("you will not read this");
        bobSession.Tell(lost);
        aliceSession.Tell(new CloseSession("alice left"));

        bobEvents.Next<ChatNotDelivered>().Should().Be(new ChatNotDelivered(Conversation, Uid.Parse("alice"), lost.Id, "peer left"));
        bobEvents.Next<SessionEnded>().Reason.Should().Be("peer left");
    }

    [Fact]
    public void Closing_a_session_reports_every_unacked_message_with_the_reason()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var session = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()));
        var events = new ProbeLog(alice.Probe, Patience);
        var first = Chat("one");
        var second = Chat("two");
        session.Tell(first);
        session.Tell(second);

        session.Tell(new CloseSession("user quit"));

        events.Next<ChatNotDelivered>().Should().Be(new ChatNotDelivered(Conversation, Uid.Parse("bob"), first.Id, "user quit"));
        events.Next<ChatNotDelivered>().Should().Be(new ChatNotDelivered(Conversation, Uid.Parse("bob"), second.Id, "user quit"));
        events.Next<SessionEnded>().Reason.Should().Be("user quit");
    }

    [Fact]
    public void A_message_whose_TTL_passes_unacked_is_reported_not_delivered()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var session = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()));
        var chat = Chat("short-lived", TimeSpan.FromSeconds(1));

        session.Tell(chat);

        alice.Probe.FishForMessage<ChatNotDelivered>(_ => true, Patience)
            .Should().Be(new ChatNotDelivered(Conversation, Uid.Parse("bob"), chat.Id, "TTL passed"));
    }

    [Fact]
    public void A_full_outbox_refuses_the_next_message_at_once()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var session = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()) with { OutboxLimit = 2 });

        session.Tell(Chat("one"));
        session.Tell(Chat("two"));
        var third = Chat("three");
        session.Tell(third);

        alice.Probe.FishForMessage<ChatNotDelivered>(_ => true, Patience)
            .Should().Be(new ChatNotDelivered(Conversation, Uid.Parse("bob"), third.Id, "outbox full"));
    }

    [Fact]
    public void Messages_sent_before_any_link_are_delivered_once_the_handshake_is_done()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        // Alice dials before Bob has a session: Bob's node refuses, Alice keeps redialing.
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true));
        var early = Chat("sent while nobody listened");
        aliceSession.Tell(early);

        StartSession(bob, SpecFor(bob, alice, dialer: false));

        var arrived = bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience);
        arrived.Id.Should().Be(early.Id);
        arrived.Text.Should().Be("sent while nobody listened");
        alice.Probe.FishForMessage<ChatAcknowledged>(_ => true, Patience).Id.Should().Be(early.Id);
    }

    [Fact]
    public void Text_over_16_KiB_is_reported_not_delivered()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var session = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: Nowhere()));
        var huge = Chat(new string('x', PayloadLimits.MaxTextBytes + 1));

        session.Tell(huge);

        alice.Probe.FishForMessage<ChatNotDelivered>(_ => true, Patience).Id.Should().Be(huge.Id);
    }
}
