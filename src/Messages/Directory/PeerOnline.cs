using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Wire 1.4: the answer to <see cref="WatchPresence"/>, sent once: <paramref name="Peer"/> registered
/// again. Only a hint: what the node does with it (a re-proposal) still needs that member's consent.
/// </summary>
public sealed record PeerOnline(Uid Peer) : IDirectoryMessage;
