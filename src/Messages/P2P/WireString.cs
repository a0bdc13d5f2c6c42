namespace Encryptio.Messages.P2P;

/// A string on the wire: `u8 length | UTF-8 bytes`, strict UTF-8 in both directions.
public static class WireString
{
    public const int MaxByteLength = byte.MaxValue;

    /// Bytes the string takes on the wire, length byte included. Throws on text that cannot be encoded.
    public static int GetEncodedLength(string value)
    {
        var count = StrictUtf8.Encoding.GetByteCount(value);
        if (count > MaxByteLength)
            throw new ArgumentException($"a wire string holds at most {MaxByteLength} UTF-8 bytes", nameof(value));
        return 1 + count;
    }

    /// Writes the string and returns the bytes written.
    public static int Write(string value, Span<byte> destination)
    {
        var length = GetEncodedLength(value);
        destination[0] = (byte)(length - 1);
        StrictUtf8.Encoding.GetBytes(value, destination[1..length]);
        return length;
    }

    public static byte[] Encode(string value)
    {
        var bytes = new byte[GetEncodedLength(value)];
        Write(value, bytes);
        return bytes;
    }

    /// Reads one string from the start of <paramref name="source"/>; false when it runs past the end
    /// or is not valid UTF-8.
    public static bool TryRead(ReadOnlySpan<byte> source, out string value, out int consumed)
    {
        var reader = new WireReader(source);
        var ok = reader.TryReadWireString(out value);
        consumed = ok ? source.Length - reader.Remaining : 0;
        return ok;
    }
}
