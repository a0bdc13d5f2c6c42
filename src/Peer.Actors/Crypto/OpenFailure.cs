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

    /// <summary>
    /// The frame names a ratchet key for which there is no receiving chain: the dialer's view of the
    /// listener's handshake key before the listener has sent anything. No chain key exists there, so
    /// nothing is derived (a zero chain key would let anyone who saw the handshake forge a frame).
    /// </summary>
    NoChain,

    /// <summary>
    /// Opening threw where it never should (a bug, not an attacker's win): the session drops the
    /// frame, keeps the link and logs it once. Never returned by <see cref="DoubleRatchet"/> itself.
    /// </summary>
    Faulted,
}
