using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Wire 1.4: tell this peer <see cref="PeerOnline"/> once, the next time <paramref name="Peer"/>
/// registers. Sent by a peer whose messages wait for a member of <paramref name="Conversation"/> whose
/// link is gone; the directory accepts it only for a member it introduced to this peer in that
/// conversation (else <see cref="CommandRefused"/>, code not-introduced): nobody learns when a stranger comes online.
/// </summary>
public sealed record WatchPresence(ConversationId Conversation, Uid Peer) : IDirectoryMessage;
