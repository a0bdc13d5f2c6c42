using Encryptio.Testing;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Peer.Node;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Link;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Conversations;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A TestKit on the node's own Akka.IO settings, with nodes (stand-ins for the PeerActor) that own a
/// real listener on 127.0.0.1 and real sessions.
public abstract class LinkTestKit(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(PeerConfig.Load(), output: output)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    internal TestPki Pki { get; } = new();

    protected ConversationId Conversation { get; } = ConversationId.New();

    internal sealed record Node(string Uid, IActorRef Actor, TestProbe Probe, PeerEndpoint Endpoint);

    internal Node StartNode(string uid, TimeSpan? handshakeTimeout = null, int maxUnauthenticated = 64)
    {
        var probe = CreateTestProbe($"{uid}-events");
        var actor = Sys.ActorOf(NodeStandIn.Props(probe, handshakeTimeout ?? TimeSpan.FromSeconds(10), maxUnauthenticated), $"node-{uid}");
        var bound = probe.ExpectMsg<ListenerBound>(Patience);
        return new Node(uid, actor, probe, bound.Endpoint);
    }

    internal SessionSpec SpecFor(Node me, Node peer, bool dialer, PeerEndpoint? dialTo = null) => new(
        Conversation,
        Pki.User(me.Uid),
        Uid.Parse(peer.Uid),
        Pki.PublicCertificate(peer.Uid),
        dialer ? dialTo ?? peer.Endpoint : null,
        dialer,
        HandshakeTimeout: TimeSpan.FromSeconds(5),
        RedialBackoffMin: TimeSpan.FromMilliseconds(50),
        RedialBackoffMax: TimeSpan.FromMilliseconds(400),
        RandomRatchetKeySource.Instance);

    internal IActorRef StartSession(Node node, SessionSpec spec)
    {
        var probe = CreateTestProbe();
        node.Actor.Tell(new NodeStandIn.StartSession(spec), probe);
        return probe.ExpectMsg<NodeStandIn.SessionStarted>(Patience).Session;
    }

    /// Alice dials (her UID sorts first), Bob listens; both report SessionEstablished.
    internal (IActorRef Alice, IActorRef Bob) Connect(Node alice, Node bob, PeerEndpoint? dialTo = null)
    {
        var bobSession = StartSession(bob, SpecFor(bob, alice, dialer: false));
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo));
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience).Peer.Value.Should().Be(bob.Uid);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience).Peer.Value.Should().Be(alice.Uid);
        return (aliceSession, bobSession);
    }

    /// <summary>A conversation between <paramref name="me"/> and <paramref name="peer"/> on <paramref name="me"/>'s node, its session started at once; its events go to the node's probe.</summary>
    internal IActorRef StartConversation(Node me, SessionSpec spec, DeliverySettings? delivery = null)
    {
        var probe = CreateTestProbe();
        me.Actor.Tell(new NodeStandIn.StartConversation(spec, delivery ?? new DeliverySettings()), probe);
        return probe.ExpectMsg<NodeStandIn.SessionStarted>(Patience).Session;
    }

    /// Alice's and Bob's conversations (Alice dials); both report `connected`.
    internal (IActorRef Alice, IActorRef Bob) ConnectConversations(Node alice, Node bob, PeerEndpoint? dialTo = null, DeliverySettings? delivery = null)
    {
        var bobConversation = StartConversation(bob, SpecFor(bob, alice, dialer: false), delivery);
        var aliceConversation = StartConversation(alice, SpecFor(alice, bob, dialer: true, dialTo), delivery);
        alice.Probe.FishForMessage<ConversationConnected>(_ => true, Patience).Peer.Value.Should().Be(bob.Uid);
        bob.Probe.FishForMessage<ConversationConnected>(_ => true, Patience).Peer.Value.Should().Be(alice.Uid);
        return (aliceConversation, bobConversation);
    }

    /// The user types <paramref name="text"/> into <paramref name="conversation"/>; returns the id its `sent` event gave it.
    internal string Say(IActorRef conversation, ProbeLog events, string text, TimeSpan? ttl = null)
    {
        conversation.Tell(new SendText(Conversation, ChatText.From(text), MessageTtl.From(ttl ?? TimeSpan.FromMinutes(5))));
        return events.Next<MessageSent>().Id;
    }

    internal static SendChat Chat(string text, TimeSpan? ttl = null) =>
        new(MessageId.NewRandom(), ChatText.From(text), DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), MessageTtl.From(ttl ?? TimeSpan.FromMinutes(5)));
}
