namespace Encryptio.Messages.P2P;

/// The dialer's first frame: who it is, whom it wants, its handshake ephemeral and its signature
/// over everything but the version byte.
public sealed record Hello(
    byte Version,
    byte[] ConversationId,
    string FromUid,
    string ToUid,
    byte[] EphemeralPublicKey,
    byte[] Signature);
