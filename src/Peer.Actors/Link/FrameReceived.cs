using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Link;

/// <summary>ConnectionActor -> its owner: one complete frame, in the order it arrived.</summary>
public sealed record FrameReceived(Frame Frame);
