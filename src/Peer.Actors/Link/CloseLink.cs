namespace Encryptio.Peer.Link;

/// <summary>
/// Owner -> ConnectionActor: end the link. <paramref name="Graceful"/>: write what is queued (a Bye),
/// half-close, and wait up to the linger time for the peer's end of stream before closing; otherwise
/// close at once. A graceful close ends with <see cref="LinkClosed"/> to the owner with this reason;
/// an immediate one is not reported back: the owner that sends it has moved on (often it is stopping).
/// </summary>
public sealed record CloseLink(string Reason, bool Graceful = false);
