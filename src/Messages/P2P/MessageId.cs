using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Encryptio.Messages.P2P;

/// 16 raw id bytes in wire order. Held as two big-endian halves so it is a cheap value with value
/// equality; it never goes through Guid, whose byte order differs from the wire.
public readonly struct MessageId : IEquatable<MessageId>
{
    public const int Length = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    private MessageId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    public static MessageId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a message id is {Length} bytes", nameof(bytes));
        return new MessageId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static MessageId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    public static MessageId Parse(string hex) => FromBytes(Convert.FromHexString(hex));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public bool Equals(MessageId other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is MessageId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// Lowercase hex of the wire bytes.
    public override string ToString() => Convert.ToHexStringLower(ToArray());

    public static bool operator ==(MessageId left, MessageId right) => left.Equals(right);

    public static bool operator !=(MessageId left, MessageId right) => !left.Equals(right);
}
