using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Link;

/// <summary>
/// How a dialing session gets its link to the peer: the seam where a relayed link (or a bench's
/// in-memory one) plugs in beside direct TCP. The session neither knows nor cares which it got: the
/// handshake and the ratchet run end to end over whatever carries the frames.
/// <para>
/// The link actor speaks the link protocol (LinkProtocol.cs): it tells <c>owner</c>
/// <see cref="LinkConnected"/> once it can carry frames, hands it every <see cref="FrameReceived"/>
/// in order, writes each <see cref="SendFrame"/>, obeys <see cref="CloseLink"/>, and tells
/// <see cref="LinkClosed"/> once when it ends, then stops. It never restarts itself: the session's
/// dialer starts a new one (after a backoff) from the same Props.
/// </para>
/// </summary>
public interface ILinkFactory
{
    /// <param name="endpoint">Where the peer was said to listen (by the directory's introduction); null for a relay-only pair.</param>
    /// <param name="owner">Who gets the frames and the link's news.</param>
    /// <param name="handshakeTimeout">How long reaching the peer may take before the link gives up.</param>
    Props Dial(PeerEndpoint? endpoint, IActorRef owner, TimeSpan handshakeTimeout);

    /// <summary>The same kind of links with a fresh relay token (wire 1.6); a factory without a relay stays as it is.</summary>
    ILinkFactory WithRelay(RelayOffer relay) => this;
}

/// <summary>The production link: straight TCP to the peer's endpoint (<see cref="ConnectionActor"/>).</summary>
public sealed class DirectTcpLinkFactory : ILinkFactory
{
    public static readonly DirectTcpLinkFactory Instance = new();

    private DirectTcpLinkFactory() { }

    public Props Dial(PeerEndpoint? endpoint, IActorRef owner, TimeSpan handshakeTimeout) =>
        ConnectionActor.Dial(endpoint ?? throw new ArgumentNullException(nameof(endpoint), "a direct link needs the peer's endpoint"), owner, handshakeTimeout);
}

/// <summary>`--relay always` (or a relay-only pair): every link goes through the relay the introduction named.</summary>
public sealed class RelayLinkFactory(RelayOffer relay, PeerIdentity me) : ILinkFactory
{
    public Props Dial(PeerEndpoint? endpoint, IActorRef owner, TimeSpan handshakeTimeout) =>
        RelayLinkActor.Dial(relay, me, owner, handshakeTimeout);

    public ILinkFactory WithRelay(RelayOffer fresh) => new RelayLinkFactory(fresh, me);
}

/// <summary>`--relay fallback`: direct first, the relay when the direct dial fails or hangs (<see cref="FallbackLinkActor"/>).</summary>
public sealed class FallbackLinkFactory(RelayOffer relay, PeerIdentity me, TimeSpan directWait) : ILinkFactory
{
    public Props Dial(PeerEndpoint? endpoint, IActorRef owner, TimeSpan handshakeTimeout) =>
        endpoint is null
            ? RelayLinkActor.Dial(relay, me, owner, handshakeTimeout)
            : FallbackLinkActor.Props(endpoint, relay, me, owner, handshakeTimeout, directWait);

    public ILinkFactory WithRelay(RelayOffer fresh) => new FallbackLinkFactory(fresh, me, directWait);
}
