namespace Encryptio.Peer.Link;

/// <summary>
/// ConnectionActor -> its owner: the write queue is full (the peer does not read), so this frame
/// was NOT sent. The owner decides what to do (a session closes the link and resends later).
/// </summary>
public sealed record LinkOverloaded(int QueuedBytes, int RefusedFrameBytes);
