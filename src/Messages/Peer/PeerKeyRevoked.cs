using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>
/// `key-revoked`: the CA revoked <paramref name="Peer"/>'s certificate (a notice signed by the CA,
/// verified here). One per conversation whose session with that key was ended; with no conversation
/// when none was open (or when <paramref name="Peer"/> is this node's own UID).
/// </summary>
public sealed record PeerKeyRevoked(Uid Peer, string Serial, ConversationId? Conversation) : IPeerEvent;
