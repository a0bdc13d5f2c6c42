namespace Encryptio.Messages.P2P;

/// Frame: u32 length (big-endian, of type + body) | u8 type | body.
public static class FrameLimits
{
    /// Bytes of the big-endian length prefix.
    public const int LengthPrefixSize = 4;

    /// Bytes of the type field, counted in the length.
    public const int TypeSize = 1;

    /// The length covers the type byte, so an empty body still has length 1.
    public const int MinLength = 1;

    /// Largest allowed length (type + body).
    public const int MaxLength = 65536;

    /// Largest body that fits in one frame.
    public const int MaxBodyLength = MaxLength - TypeSize;

    /// Bytes in front of the body: length prefix and type.
    public const int Overhead = LengthPrefixSize + TypeSize;

    internal static bool IsKnownType(byte type) =>
        type is (byte)FrameType.Hello or (byte)FrameType.HelloReply or (byte)FrameType.Sealed;
}
