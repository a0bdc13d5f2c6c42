using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Link;

/// <summary>
/// `--relay fallback` for the dialer: a direct TCP link first; if it cannot connect within the
/// direct-dial wait (a black hole) or is refused, a relayed link instead. Only one of the two is ever
/// alive, so there are never two sessions' worth of links for one pair. It is a thin parent: the
/// child's news goes to the owner forwarded (the child stays the sender), so the session talks to
/// the child itself, exactly as to a link from the plain factories. When the child that connected
/// stops, this actor stops too, and the session's dialer starts a new one after its backoff.
/// </summary>
public sealed class FallbackLinkActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _owner;
    private readonly RelayOffer _relay;
    private readonly PeerIdentity _me;
    private readonly TimeSpan _handshakeTimeout;
    private IActorRef _child = ActorRefs.Nobody;

    public static Props Props(PeerEndpoint direct, RelayOffer relay, PeerIdentity me, IActorRef owner, TimeSpan handshakeTimeout, TimeSpan directWait) =>
        Akka.Actor.Props.Create(() => new FallbackLinkActor(direct, relay, me, owner, handshakeTimeout, directWait));

    public FallbackLinkActor(PeerEndpoint direct, RelayOffer relay, PeerIdentity me, IActorRef owner, TimeSpan handshakeTimeout, TimeSpan directWait)
    {
        _owner = owner;
        _relay = relay;
        _me = me;
        _handshakeTimeout = handshakeTimeout;
        _child = Context.Watch(Context.ActorOf(ConnectionActor.Dial(direct, Self, directWait), "direct"));
        TryingDirect(direct);
    }

    private void TryingDirect(PeerEndpoint direct)
    {
        Receive<LinkConnected>(connected => { _owner.Forward(connected); Become(Carrying); });
        Receive<LinkClosed>(closed =>
        {
            _log.Info("direct dial to {0} failed ({1}); trying the relay at {2}", direct, closed.Reason, _relay.Endpoint);
            Context.Unwatch(_child);
            _child = Context.Watch(Context.ActorOf(RelayLinkActor.Dial(_relay, _me, Self, _handshakeTimeout), "relayed"));
            Become(Carrying);
        });
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }

    private void Carrying()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_child), _ => Context.Stop(Self));
        Receive<Terminated>(_ => { });
        ReceiveAny(message => _owner.Forward(message));
    }
}
