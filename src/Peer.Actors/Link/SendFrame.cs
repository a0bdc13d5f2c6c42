namespace Encryptio.Peer.Link;

/// <summary>
/// Owner -> ConnectionActor: write one whole encoded frame (length and type included). Frames are
/// written in the order they are sent; while a write is in flight they are queued and coalesced.
/// </summary>
public sealed record SendFrame(byte[] Bytes);
