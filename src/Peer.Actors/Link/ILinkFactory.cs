using Akka.Actor;
using Encryptio.Messages.Identity;

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
    /// <param name="endpoint">Where the peer was said to listen (by the directory's introduction).</param>
    /// <param name="owner">Who gets the frames and the link's news.</param>
    /// <param name="handshakeTimeout">How long reaching the peer may take before the link gives up.</param>
    Props Dial(PeerEndpoint endpoint, IActorRef owner, TimeSpan handshakeTimeout);
}

/// <summary>The production link: straight TCP to the peer's endpoint (<see cref="ConnectionActor"/>).</summary>
public sealed class DirectTcpLinkFactory : ILinkFactory
{
    public static readonly DirectTcpLinkFactory Instance = new();

    private DirectTcpLinkFactory() { }

    public Props Dial(PeerEndpoint endpoint, IActorRef owner, TimeSpan handshakeTimeout) =>
        ConnectionActor.Dial(endpoint, owner, handshakeTimeout);
}
