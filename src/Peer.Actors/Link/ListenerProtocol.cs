using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Link;

// What the ListenerActor and the node that starts it say to each other. Inbound links themselves
// reach the node as InboundHello (a session's business) and speak the link protocol (LinkProtocol.cs).

/// <summary>Listener -> its parent: the P2P listener is bound; this is the endpoint it accepts links on.</summary>
public sealed record ListenerBound(PeerEndpoint Endpoint);

/// <summary>Listener -> its parent: the P2P port could not be bound; the node cannot take part in conversations.</summary>
public sealed record ListenerFailed(string Reason);

/// <summary>
/// Node -> listener, on the way out: give the P2P port back to Akka.IO, then stop. The sender gets
/// <see cref="Akka.Done"/> once the port is unbound. A listener that stopped without unbinding
/// would leave Akka.IO's TCP listener to notice its bind commander die, which it reports as a warning.
/// </summary>
public sealed class UnbindListener
{
    public static readonly UnbindListener Instance = new();

    private UnbindListener() { }
}

/// <summary>
/// Node -> listener: we are the listening member of a pair the directory offered a relay for; meet
/// the dialer there. The relayed link then counts as an inbound link: its first frame must be the
/// dialer's Hello, handed on as <c>InboundHello</c> like any other.
/// </summary>
public sealed record AwaitRelayed(Messages.Directory.RelayOffer Offer, Node.PeerIdentity Me);
