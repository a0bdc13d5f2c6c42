using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Bounds-checked big-endian reader over a span: every read says whether the bytes were there,
/// so decoders of hostile input never index out of range.
internal ref struct WireReader
{
    private ReadOnlySpan<byte> _rest;

    public WireReader(ReadOnlySpan<byte> source) => _rest = source;

    public readonly int Remaining => _rest.Length;

    public readonly bool IsAtEnd => _rest.IsEmpty;

    public bool TryReadByte(out byte value)
    {
        value = 0;
        if (_rest.IsEmpty) return false;
        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (count < 0 || count > _rest.Length) return false;
        value = _rest[..count];
        _rest = _rest[count..];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (!TryReadBytes(sizeof(ushort), out var bytes)) return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        value = 0;
        if (!TryReadBytes(sizeof(uint), out var bytes)) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        if (!TryReadBytes(sizeof(long), out var bytes)) return false;
        value = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return true;
    }

    /// `u8 n | n bytes` of strict UTF-8.
    public bool TryReadWireString(out string value)
    {
        value = string.Empty;
        return TryReadByte(out var length)
            && TryReadBytes(length, out var bytes)
            && StrictUtf8.TryDecode(bytes, out value);
    }
}
