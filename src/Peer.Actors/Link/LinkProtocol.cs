using System.Net;
using Akka.Actor;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Link;

// Everything a link (a ConnectionActor today, a relayed link next) and its owner say to each other.
// None of it crosses a process boundary: the bytes on the wire are the frames inside SendFrame and
// FrameReceived (docs/protocol.md), nothing else.

/// <summary>
/// Owner -> link: write one whole encoded frame (length and type included). Frames are written in
/// the order they are sent; while a write is in flight they are queued and coalesced.
/// </summary>
public sealed record SendFrame(byte[] Bytes);

/// <summary>Link -> its owner: one complete frame, in the order it arrived.</summary>
public sealed record FrameReceived(Frame Frame);

/// <summary>
/// Dialled link -> its owner: the link can carry frames now (for TCP: the connect succeeded). A
/// dialer's owner speaks first on the link once it hears this.
/// </summary>
public sealed record LinkConnected(EndPoint Remote)
{
    /// True when the link goes through the directory's relay (Remote is then the relay, never the peer).
    public bool Relayed { get; init; }
}

/// <summary>
/// Link -> its owner, exactly once: the link is gone (peer closed, error, bad frame, refused, or
/// closed on request) and the link actor stops. The reason never holds frame content.
/// </summary>
public sealed record LinkClosed(string Reason);

/// <summary>
/// Link -> its owner: the write queue is full (the peer does not read), so this frame was NOT sent.
/// The owner decides what to do (a session closes the link and resends later).
/// </summary>
public sealed record LinkOverloaded(int QueuedBytes, int RefusedFrameBytes);

/// <summary>
/// New owner (the session that accepted an inbound Hello) -> link: from now on frames and
/// <see cref="LinkClosed"/> go to <paramref name="Owner"/>. Frames that arrived after the Hello while
/// the link was being handed over are delivered first, in order.
/// </summary>
public sealed record AssignOwner(IActorRef Owner);

/// <summary>
/// Owner -> inbound link: the handshake on this link is done (Ready opened). Until then the link's
/// own deadline, counted from the accept, keeps running, so an inbound link has the protocol's 10 s
/// from accept to handshake done, however it was handed over.
/// </summary>
public sealed class LinkAuthenticated
{
    public static readonly LinkAuthenticated Instance = new();

    private LinkAuthenticated() { }
}

/// <summary>
/// Owner -> link: end the link. <paramref name="Graceful"/>: write what is queued (a Bye),
/// half-close, and wait up to the linger time for the peer's end of stream before closing; otherwise
/// close at once. A graceful close ends with <see cref="LinkClosed"/> to the owner with this reason;
/// an immediate one is not reported back: the owner that sends it has moved on (often it is stopping).
/// </summary>
public sealed record CloseLink(string Reason, bool Graceful = false);

/// <summary>
/// The node (or a session) -> the inbound link named in an <c>InboundHello</c>: nobody takes this
/// link (no session for that conversation and sender, or the Hello did not verify). The link logs
/// the reason with its path and closes; the node goes on.
/// </summary>
public sealed record RefuseLink(string Reason);
