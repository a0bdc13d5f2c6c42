namespace Encryptio.Peer.Link;

/// <summary>
/// Owner (a SessionActor) -> inbound ConnectionActor: the handshake on this link is done (Ready
/// opened). Until then the link's own deadline, counted from the TCP accept, keeps running, so an
/// inbound link has the protocol's 10 s from accept to handshake done, however it was handed over.
/// </summary>
public sealed class LinkAuthenticated
{
    public static readonly LinkAuthenticated Instance = new();

    private LinkAuthenticated() { }
}
