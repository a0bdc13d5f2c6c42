namespace Encryptio.Peer.Link;

/// <summary>
/// ConnectionActor -> its owner, exactly once: the link is gone (peer closed, error, bad frame,
/// refused, or closed on request) and the ConnectionActor stops. The reason never holds frame content.
/// </summary>
public sealed record LinkClosed(string Reason);
