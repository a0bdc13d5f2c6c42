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
}
