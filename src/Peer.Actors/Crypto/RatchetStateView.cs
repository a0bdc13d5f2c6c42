namespace Encryptio.Peer.Crypto;

/// A copy of a ratchet's state, for tests only (it holds secrets; never log it).
internal sealed record RatchetStateView(
    byte[] DhsPublic,
    byte[]? DhrPublic,
    byte[] RootKey,
    byte[]? SendingChainKey,
    byte[]? ReceivingChainKey,
    uint Ns,
    uint Nr,
    uint Pn,
    int SkippedKeys);
