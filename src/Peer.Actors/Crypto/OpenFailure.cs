namespace Encryptio.Peer.Crypto;

/// Why a Sealed frame did not open. In every case the ratchet state is exactly as before.
public enum OpenFailure
{
    None = 0,
    TooShort,
    InvalidHeaderKey,
    TooManySkipped,
    NoKey,
    TagMismatch,
    Disposed,

    /// A new peer ratchet key while our own new key is still owed (see ReceiptDeferral): an honest
    /// peer changes key only after seeing a new one of ours, so this frame cannot be from it.
    UnexpectedRatchetKey,
}
