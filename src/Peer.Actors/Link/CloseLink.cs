namespace Encryptio.Peer.Link;

/// <summary>
/// Owner -> ConnectionActor: end the link. <paramref name="Graceful"/>: write what is queued (a Bye),
/// half-close, and wait up to the linger time for the peer's end of stream before closing; otherwise
/// close at once. Either way the owner then gets <see cref="LinkClosed"/> with this reason.
/// </summary>
public sealed record CloseLink(string Reason, bool Graceful = false);
