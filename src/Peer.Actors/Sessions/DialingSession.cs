using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// The side whose UID sorts first: it dials. Its link comes from the spec's <see cref="ILinkFactory"/>
/// under a child `dialer`, Akka's BackoffSupervisor: a link that ends (closed by either side, failed
/// to connect, or thrown and stopped) is started again after an exponential backoff with jitter, and
/// the backoff starts over once a handshake succeeds. Each new link announces itself with
/// <see cref="LinkConnected"/>; the session then says Hello on it (Signal's Alice speaks first).
/// States: AwaitingLink -> Handshaking -> Established (see <see cref="SessionActor"/>).
/// </summary>
public sealed class DialingSession : SessionActor
{
    private const double BackoffJitter = 0.2;

    private IActorRef _dialer = ActorRefs.Nobody;
    // The next link's handshake, its Hello signed while that link connects (not after: the signature
    // would add to every handshake's latency); disposed, its ephemeral key with it, once it was used.
    private DialerHandshake? _handshake;
    private bool _relayed;
    private ILinkFactory _links;
    private int _dialers;

    public DialingSession(SessionSpec spec) : base(spec)
    {
        if (spec.PeerEndpoint is null && spec.LinkFactory is DirectTcpLinkFactory) throw new ArgumentException("a direct dialer needs the peer's endpoint", nameof(spec));
        _links = spec.LinkFactory;
        AwaitingLink();
    }

    protected override void PreStart()
    {
        base.PreStart();
        StartDialer();
        Log.Info("dialing {0} at {1}", Spec.Peer, Spec.PeerEndpoint?.ToString() ?? "the relay");
        PrepareHello();
    }

    private void StartDialer()
    {
        var link = _links.Dial(Spec.PeerEndpoint, Self, Spec.HandshakeTimeout);
        var options = Backoff.OnStop(link, "link", Spec.RedialBackoffMin, Spec.RedialBackoffMax, BackoffJitter, maxNrOfRetries: -1)
            .WithManualReset()
            .WithSupervisorStrategy(new OneForOneStrategy(StopFailedLink));
        _dialer = Context.ActorOf(BackoffSupervisor.Props(options), _dialers++ == 0 ? "dialer" : $"dialer-{_dialers}");
    }

    /// <summary>
    /// The old token is spent (single use): the links from now on carry the fresh one. The dialer's
    /// Props hold the token, so a new dialer replaces the old one, and dials at once (no backoff left over).
    /// </summary>
    protected override void OnFreshRelay(Messages.Directory.RelayOffer relay)
    {
        Log.Info("redialing {0} with a fresh relay token", Spec.Peer);
        _links = _links.WithRelay(relay);
        Context.Stop(_dialer);
        StartDialer();
    }

    protected override void PostStop()
    {
        _handshake?.Dispose();
        base.PostStop(); // our links are the dialer's children: they stop with us
    }

    /// A link actor that throws is stopped, never restarted in place: its decoder state is mid-stream.
    /// Its Terminated takes the lost-link path; the dialer starts a new link after the backoff.
    private Directive StopFailedLink(Exception e)
    {
        Log.Warning("link child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    }

    private void AwaitingLink()
    {
        Receive<LinkConnected>(connected => SayHello(Sender, connected));
        // A link that could not connect: the dialer tries again after its backoff.
        Receive<LinkClosed>(closed => Log.Warning("link with {0} failed before the handshake ended: {1}", Spec.Peer, closed.Reason));
        CommonHandlers();
    }

    private void Handshaking(IActorRef link)
    {
        Receive<FrameReceived>(_ => Sender.Equals(link), received => OnHelloReply(link, received.Frame));
        Receive<HandshakeTimedOut>(_ => HandshakeFailed(link, HandshakeTimeoutReason, linkEnded: false));
        Receive<LinkClosed>(_ => Sender.Equals(link), closed => HandshakeFailed(link, closed.Reason, linkEnded: true));
        Receive<LinkOverloaded>(_ => Sender.Equals(link), _ => HandshakeFailed(link, "the peer does not read (write queue full)", linkEnded: false));
        Receive<Terminated>(t => t.ActorRef.Equals(link), _ => HandshakeFailed(link, "link actor stopped", linkEnded: true));
        // This link may well be the one that comes back; if it fails, the session asks again.
        Receive<RelayRenewedForSession>(_ => { });
        CommonHandlers();
    }

    protected override void WhileEstablished() { }

    protected override void AwaitNextLink()
    {
        Log.Info("redialing {0} after a backoff", Spec.Peer);
        PrepareHello();
        Become(AwaitingLink);
    }

    /// A Hello never sent is good for the next link too: it names no link, only the conversation and the pair.
    private void PrepareHello() => _handshake ??= new DialerHandshake(HandshakePeer(), Signer, Spec.KeySource);

    private void SayHello(IActorRef link, LinkConnected connected)
    {
        Log.Debug("connected to {0} at {1}", Spec.Peer, connected.Remote);
        Context.Watch(link);
        PrepareHello();
        link.Tell(new SendFrame(_handshake!.HelloFrame));
        StartHandshakeTimer();
        _relayed = connected.Relayed;
        Become(() => Handshaking(link));
    }

    private void OnHelloReply(IActorRef link, Frame frame)
    {
        if (frame.Type != FrameType.HelloReply)
        {
            HandshakeFailed(link, $"protocol violation: {frame.Type} while waiting for HelloReply", linkEnded: false);
            return;
        }
        if (!_handshake!.TryComplete(frame.Body, out var ratchet, out var error))
        {
            Log.Warning("HelloReply from {0} refused: {1}", Spec.Peer, error);
            HandshakeFailed(link, $"handshake failed: {error}", linkEnded: false);
            return;
        }
        EndHandshake();
        var secure = new SecureLink(link, Adopt(ratchet)) { Relayed = _relayed };
        // Signal's Alice speaks first so that the listener gets a receiving chain and can answer.
        secure.Send(ReadyPayload.Instance);
        _dialer.Tell(BackoffSupervisor.Reset.Instance);
        LinkUp(secure);
    }

    private void HandshakeFailed(IActorRef link, string reason, bool linkEnded)
    {
        EndHandshake();
        Context.Unwatch(link);
        if (!linkEnded) link.Tell(new CloseLink(reason));
        Retire(reason, linkEnded, wasUp: false);
        AwaitNextLink();
    }

    private void EndHandshake()
    {
        _handshake?.Dispose();
        _handshake = null;
    }
}
