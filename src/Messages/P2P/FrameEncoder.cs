using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Writes `u32 len | u8 type | body`, len = 1 + |body|.
public static class FrameEncoder
{
    public static int FrameLength(int bodyLength) => FrameLimits.Overhead + bodyLength;

    public static byte[] Encode(FrameType type, ReadOnlySpan<byte> body)
    {
        var frame = new byte[FrameLength(body.Length)];
        var header = WriteHeader(type, body.Length, frame);
        body.CopyTo(frame.AsSpan(header));
        return frame;
    }

    /// Writes the whole frame into <paramref name="destination"/> (a pooled buffer, say) and returns its
    /// length: the same bytes <see cref="Encode(FrameType, ReadOnlySpan{byte})"/> returns.
    public static int Encode(FrameType type, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var length = FrameLength(body.Length);
        if (destination.Length < length)
            throw new ArgumentException($"the frame needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        var header = WriteHeader(type, body.Length, destination);
        body.CopyTo(destination[header..]);
        return length;
    }

    /// Writes the 5 bytes in front of a body of the given length and returns how many were written,
    /// so a caller that builds the body in place (the ratchet) needs no second buffer.
    public static int WriteHeader(FrameType type, int bodyLength, Span<byte> destination)
    {
        if (bodyLength < 0 || bodyLength > FrameLimits.MaxBodyLength)
            throw new ArgumentOutOfRangeException(nameof(bodyLength), bodyLength, $"a frame body holds at most {FrameLimits.MaxBodyLength} bytes");
        if (!FrameLimits.IsKnownType((byte)type))
            throw new ArgumentOutOfRangeException(nameof(type), type, "unknown frame type");

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(FrameLimits.TypeSize + bodyLength));
        destination[FrameLimits.LengthPrefixSize] = (byte)type;
        return FrameLimits.Overhead;
    }
}
