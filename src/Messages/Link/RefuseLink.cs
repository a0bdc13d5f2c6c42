namespace Encryptio.Messages.Link;

/// <summary>
/// PeerActor (or a SessionActor) -> the ConnectionActor named in an <c>InboundHello</c>: nobody takes
/// this link (no session for that conversation and sender, or the Hello did not verify). The
/// connection logs the reason with its path and closes; the node goes on.
/// </summary>
public sealed record RefuseLink(string Reason);
