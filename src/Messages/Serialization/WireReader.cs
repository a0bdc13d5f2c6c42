using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;

namespace Encryptio.Messages.Serialization;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote, checking every length against the bytes left and a
/// per-field ceiling, so hostile input costs nothing but a <see cref="SerializationException"/>.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private ReadOnlySpan<byte> _rest = data;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new SerializationException($"invalid boolean {b}")
    };

    public int Int() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public ImmutableArray<byte> Bytes(int maxLength)
    {
        var length = Length(maxLength);
        return ImmutableArray.Create(Take(length));
    }

    public string String(int maxBytes)
    {
        var length = Length(maxBytes);
        try { return StrictUtf8.GetString(Take(length)); }
        catch (DecoderFallbackException) { throw new SerializationException("invalid UTF-8 in a string field"); }
    }

    public int Count(int max) => Length(max);

    public void End()
    {
        if (!_rest.IsEmpty) throw new SerializationException($"{_rest.Length} unexpected trailing bytes");
    }

    private int Length(int max)
    {
        var length = Int();
        if (length < 0 || length > max) throw new SerializationException($"length {length} is outside 0..{max}");
        return length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length) throw new SerializationException("message is truncated");
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
