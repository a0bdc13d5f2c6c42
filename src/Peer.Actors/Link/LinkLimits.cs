namespace Encryptio.Peer.Link;

/// <summary>
/// The limits every P2P link keeps, whether it runs over Akka.IO TCP (<see cref="ConnectionActor"/>)
/// or over the relay's TLS stream (<see cref="RelayLinkActor"/>): the session above cannot tell them apart.
/// </summary>
public static class LinkLimits
{
    /// Bytes waiting behind the write in flight. A peer that stops reading fills this and the owner
    /// is told (<see cref="LinkOverloaded"/>); nothing grows without bound and nothing is dropped silently.
    public const int MaxQueuedBytes = 1024 * 1024;

    /// Upper bound of one coalesced write; akka.io.tcp.maximum-frame-size in peer.conf is set above it.
    /// A single frame (at most 65,540 bytes) always fits.
    public const int MaxWriteBytes = 128 * 1024;

    /// Frames an inbound link may deliver after its Hello before a session owns it. The dialer sends
    /// nothing after Hello until HelloReply, so anything more is abuse.
    public const int MaxHeldFrames = 16;

    /// How long a graceful close (after Bye) waits for the peer's end of stream.
    public static readonly TimeSpan ByeLinger = TimeSpan.FromSeconds(2);
}
