namespace Encryptio.Messages.P2P;

/// Double Ratchet header: the sender's current ratchet public key, the length of its previous
/// sending chain (pn) and this message's number in the current chain (n).
public sealed record SealedHeader(byte[] DhPublicKey, uint PreviousChainLength, uint MessageNumber);
