namespace Encryptio.Messages.P2P;

/// Fixed field sizes of the peer-to-peer wire format (PROTOCOL.md section 6).
public static class WireSizes
{
    /// The only Hello version this code speaks.
    public const byte ProtocolVersion = 1;

    public const int ConversationIdLength = 16;

    /// SEC1 uncompressed P-384 point: 0x04 | X[48] | Y[48].
    public const int PublicKeyLength = 97;

    /// IEEE P1363 P-384 signature: r[48] | s[48].
    public const int SignatureLength = 96;

    public const int HelloReplyBodyLength = PublicKeyLength + SignatureLength;

    /// Ratchet header: dh[97] | u32 pn | u32 n.
    public const int SealedHeaderLength = PublicKeyLength + sizeof(uint) + sizeof(uint);

    public const int GcmTagLength = 16;

    /// A Sealed body holds at least a header and a tag.
    public const int MinSealedBodyLength = SealedHeaderLength + GcmTagLength;

    /// Largest plaintext payload a single Sealed frame can carry.
    public const int MaxSealedPayloadLength = FrameLimits.MaxBodyLength - MinSealedBodyLength;
}
