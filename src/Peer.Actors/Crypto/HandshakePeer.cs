using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// What the introduction told us about one side of a handshake: the conversation, our own uid, the
/// other member's uid and identity public key (already chained to the CA by whoever built this).
public sealed record HandshakePeer(byte[] ConversationId, string SelfUid, string PeerUid, ECDsa PeerIdentity)
{
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ConversationId);
        ArgumentNullException.ThrowIfNull(SelfUid);
        ArgumentNullException.ThrowIfNull(PeerUid);
        ArgumentNullException.ThrowIfNull(PeerIdentity);
        if (ConversationId.Length != WireSizes.ConversationIdLength)
            throw new ArgumentException($"a conversation id is {WireSizes.ConversationIdLength} bytes", nameof(ConversationId));
    }
}
