using Encryptio.Testing;
using Akka.Actor;
using Encryptio.Peer.Node;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Link;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Sessions;
using Encryptio.Directory.Relay;
using Encryptio.Messages.Directory;

namespace Encryptio.Bench;

/// <summary>
/// Two stand-in peers ("alice" dials, "bob" listens) in one ActorSystem, each with a real P2P listener
/// on 127.0.0.1, between which real <see cref="SessionActor"/>s shake hands over loopback TCP.
/// </summary>
public sealed class SessionRig : IDisposable
{
    private readonly TestPki _pki;
    private readonly Inbox _aliceEvents;
    private readonly Inbox _bobEvents;

    public SessionRig(ActorSystem system, TestPki pki)
    {
        System = system;
        _pki = pki;
        _aliceEvents = Inbox.Create(system);
        _bobEvents = Inbox.Create(system);
        Alice = system.ActorOf(BenchNode.Props(_aliceEvents.Receiver), "alice");
        Bob = system.ActorOf(BenchNode.Props(_bobEvents.Receiver), "bob");
        AliceEndpoint = _aliceEvents.Expect<ListenerBound>().Endpoint;
        BobEndpoint = _bobEvents.Expect<ListenerBound>().Endpoint;
    }

    public ActorSystem System { get; }
    public IActorRef Alice { get; }
    public IActorRef Bob { get; }
    public PeerEndpoint AliceEndpoint { get; }
    public PeerEndpoint BobEndpoint { get; }

    /// <param name="unsealed">The benchmark baseline: the same sessions with seal and open switched off.</param>
    internal SessionSpec Spec(ConversationId conversation, bool dialer, IRatchetKeySource keys, bool unsealed = false)
    {
        var (me, peer) = dialer ? ("alice", "bob") : ("bob", "alice");
        return new SessionSpec(conversation, _pki.User(me), Uid.Parse(peer), _pki.PublicCertificate(peer),
            dialer ? BobEndpoint : null, dialer, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), keys)
        {
            Ciphers = unsealed ? SealOff.Instance : RatchetSeals.Instance,
        };
    }

    /// <summary>A new conversation; returns once both sessions report SessionEstablished.</summary>
    public (IActorRef Alice, IActorRef Bob) Connect(IRatchetKeySource keys, bool unsealed = false)
    {
        Retarget(_aliceEvents.Receiver, _bobEvents.Receiver);
        var conversation = ConversationId.New();
        var bob = Start(Bob, _bobEvents, Spec(conversation, dialer: false, keys, unsealed));
        var alice = Start(Alice, _aliceEvents, Spec(conversation, dialer: true, keys, unsealed));
        _aliceEvents.Expect<SessionEstablished>();
        _bobEvents.Expect<SessionEstablished>();
        return (alice, bob);
    }

    /// <summary>A new conversation, each side's session run by a real ConversationActor; returns once both report `connected`.</summary>
    public (IActorRef Alice, ConversationId Id) ConnectConversations(IRatchetKeySource keys, bool unsealed = false)
    {
        Retarget(_aliceEvents.Receiver, _bobEvents.Receiver);
        var conversation = ConversationId.New();
        Bob.Tell(new BenchNode.StartConversation(Spec(conversation, dialer: false, keys, unsealed)), _bobEvents.Receiver);
        _bobEvents.Expect<BenchNode.SessionStarted>();
        Alice.Tell(new BenchNode.StartConversation(Spec(conversation, dialer: true, keys, unsealed)), _aliceEvents.Receiver);
        var alice = _aliceEvents.Expect<BenchNode.SessionStarted>().Session;
        _aliceEvents.Expect<ConversationConnected>();
        _bobEvents.Expect<ConversationConnected>();
        return (alice, conversation);
    }

    /// <summary>
    /// A fresh token for alice and bob at <paramref name="relay"/>; bob's listener waits there with it
    /// (as a node does after an introduction) and alice's links are relayed links.
    /// </summary>
    private (SessionSpec Alice, SessionSpec Bob) RelayedSpecs(ConversationId conversation, IRatchetKeySource keys, RelayReference relay, bool unsealed = false)
    {
        var token = Messages.Relay.RelayPreface.NewToken();
        relay.Relay.Tell(new IssueRelayToken(token, Uid.Parse("alice"), Uid.Parse("bob")));
        var offer = new RelayOffer(relay.Endpoint, token);
        Bob.Tell(new AwaitRelayed(offer, _pki.User("bob")));
        return (Spec(conversation, dialer: true, keys, unsealed) with { LinkFactory = new RelayLinkFactory(offer, _pki.User("alice")), Relay = offer },
            Spec(conversation, dialer: false, keys, unsealed) with { Relay = offer });
    }

    /// <summary>As <see cref="Connect"/>, both sessions' link through the relay.</summary>
    public (IActorRef Alice, IActorRef Bob) ConnectRelayed(IRatchetKeySource keys, RelayReference relay, bool unsealed = false)
    {
        Retarget(_aliceEvents.Receiver, _bobEvents.Receiver);
        var (aliceSpec, bobSpec) = RelayedSpecs(ConversationId.New(), keys, relay, unsealed);
        var bob = Start(Bob, _bobEvents, bobSpec);
        var alice = Start(Alice, _aliceEvents, aliceSpec);
        _aliceEvents.Expect<SessionEstablished>();
        _bobEvents.Expect<SessionEstablished>();
        return (alice, bob);
    }

    /// <summary>As <see cref="ConnectConversations"/>, both sessions' link through the relay.</summary>
    public (IActorRef Alice, ConversationId Id) ConnectRelayedConversations(IRatchetKeySource keys, RelayReference relay)
    {
        Retarget(_aliceEvents.Receiver, _bobEvents.Receiver);
        var conversation = ConversationId.New();
        var (aliceSpec, bobSpec) = RelayedSpecs(conversation, keys, relay);
        Bob.Tell(new BenchNode.StartConversation(bobSpec), _bobEvents.Receiver);
        _bobEvents.Expect<BenchNode.SessionStarted>();
        Alice.Tell(new BenchNode.StartConversation(aliceSpec), _aliceEvents.Receiver);
        var alice = _aliceEvents.Expect<BenchNode.SessionStarted>().Session;
        _aliceEvents.Expect<ConversationConnected>();
        _bobEvents.Expect<ConversationConnected>();
        return (alice, conversation);
    }

    public IActorRef Start(IActorRef node, Inbox events, SessionSpec spec, SendChat? first = null)
    {
        node.Tell(new BenchNode.StartSession(spec, first), events.Receiver);
        return events.Expect<BenchNode.SessionStarted>().Session;
    }

    public Inbox AliceEvents => _aliceEvents;
    public Inbox BobEvents => _bobEvents;

    public void Retarget(IActorRef aliceSink, IActorRef bobSink)
    {
        Alice.Tell(new BenchNode.Retarget(aliceSink));
        Bob.Tell(new BenchNode.Retarget(bobSink));
    }

    public void StopSessions()
    {
        Alice.Tell(BenchNode.StopSessions.Instance);
        Bob.Tell(BenchNode.StopSessions.Instance);
        Thread.Sleep(50);
    }

    public void Dispose()
    {
        System.Stop(Alice);
        System.Stop(Bob);
    }

    /// <summary>Chats of <paramref name="textBytes"/> ASCII bytes with cheap distinct ids, made before the clock starts.</summary>
    public static List<SendChat> Chats(int count, int textBytes, int seed)
    {
        var text = ChatText.From(new string('x', textBytes));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var chats = new List<SendChat>(count);
        Span<byte> id = stackalloc byte[MessageId.Length];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(id, seed);
            BitConverter.TryWriteBytes(id[8..], (long)i);
            chats.Add(new SendChat(MessageId.FromBytes(id), text, now, MessageTtl.FromSeconds(300)));
        }
        return chats;
    }
}
