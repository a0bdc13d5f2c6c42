namespace Encryptio.Messages.P2P;

/// The listener's answer: its handshake ephemeral (also its first ratchet key) and its signature.
public sealed record HelloReply(byte[] EphemeralPublicKey, byte[] Signature);
