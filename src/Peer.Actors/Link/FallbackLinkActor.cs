using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Link;

/// <summary>
/// `--relay fallback` for the dialer: a direct TCP link first; if it is refused, cannot connect within
/// the direct-dial wait (a black hole), or connects but brings no answer to our Hello within that wait
/// (something accepts and stays silent), a relayed link instead. Only one of the two is ever alive,
/// so there are never two sessions' worth of links for one pair. It is a thin parent: the
/// child's news goes to the owner forwarded (the child stays the sender), so the session talks to
/// the child itself, exactly as to a link from the plain factories. When the child that connected
/// stops, this actor stops too, and the session's dialer starts a new one after its backoff.
/// </summary>
public sealed class FallbackLinkActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _owner;
    private readonly RelayOffer _relay;
    private readonly PeerIdentity _me;
    private readonly TimeSpan _handshakeTimeout;
    private readonly TimeSpan _directWait;
    private IActorRef _child = ActorRefs.Nobody;

    public static Props Props(PeerEndpoint direct, RelayOffer relay, PeerIdentity me, IActorRef owner, TimeSpan handshakeTimeout, TimeSpan directWait) =>
        Akka.Actor.Props.Create(() => new FallbackLinkActor(direct, relay, me, owner, handshakeTimeout, directWait));

    public FallbackLinkActor(PeerEndpoint direct, RelayOffer relay, PeerIdentity me, IActorRef owner, TimeSpan handshakeTimeout, TimeSpan directWait)
    {
        _owner = owner;
        _relay = relay;
        _me = me;
        _handshakeTimeout = handshakeTimeout;
        _directWait = directWait;
        _child = Context.Watch(Context.ActorOf(ConnectionActor.Dial(direct, Self, directWait), "direct"));
        TryingDirect(direct);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void TryingDirect(PeerEndpoint direct)
    {
        Receive<LinkConnected>(connected =>
        {
            Timers.StartSingleTimer(NoAnswer.Instance, NoAnswer.Instance, _directWait);
            _owner.Forward(connected);
            Become(() => DirectConnected(direct));
        });
        Receive<LinkClosed>(closed => ToRelay(direct, closed.Reason));
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => ToRelay(direct, "the direct link stopped"));
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }

    /// Connected, our Hello sent: the first frame back (the HelloReply) settles it for the direct path.
    private void DirectConnected(PeerEndpoint direct)
    {
        Receive<FrameReceived>(received =>
        {
            Timers.Cancel(NoAnswer.Instance);
            _child.Tell(new AssignOwner(_owner));
            _owner.Forward(received);
            Become(Carrying);
        });
        Receive<NoAnswer>(_ =>
        {
            // The owner hears it as the direct link's end (sent in the child's name, which the session
            // holds as its link), so it leaves its handshake and waits for the relayed link's LinkConnected.
            var reason = $"no answer on the direct link to {direct} within {_directWait.TotalSeconds:0.#} s";
            _owner.Tell(new LinkClosed(reason), _child);
            _child.Tell(new CloseLink(reason));
            ToRelay(direct, reason);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => Context.Stop(Self));
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }

    private void ToRelay(PeerEndpoint direct, string why)
    {
        _log.Info("direct link to {0} failed ({1}); trying the relay at {2}", direct, why, _relay.Endpoint);
        Context.Unwatch(_child);
        _child = Context.Watch(Context.ActorOf(RelayLinkActor.Dial(_relay, _me, Self, _handshakeTimeout), "relayed"));
        Become(RelayJoining);
    }

    private void RelayJoining()
    {
        Receive<LinkConnected>(connected =>
        {
            _child.Tell(new AssignOwner(_owner));
            _owner.Forward(connected);
            Become(Carrying);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => Context.Stop(Self));
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }

    private void Carrying()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => Context.Stop(Self));
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }

    private sealed class NoAnswer
    {
        public static readonly NoAnswer Instance = new();
    }
}
