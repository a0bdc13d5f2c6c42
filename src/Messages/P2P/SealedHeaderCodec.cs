using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Sealed body = dh[97] | u32 pn | u32 n | ciphertext | tag[16]; the header is the first 105 bytes.
public static class SealedHeaderCodec
{
    private const int PnOffset = WireSizes.PublicKeyLength;
    private const int NOffset = PnOffset + sizeof(uint);

    /// Writes the 105 header bytes.
    public static void Write(ReadOnlySpan<byte> dhPublicKey, uint pn, uint n, Span<byte> destination)
    {
        if (dhPublicKey.Length != WireSizes.PublicKeyLength)
            throw new ArgumentException($"the ratchet key must be {WireSizes.PublicKeyLength} bytes", nameof(dhPublicKey));
        dhPublicKey.CopyTo(destination);
        BinaryPrimitives.WriteUInt32BigEndian(destination[PnOffset..], pn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[NOffset..], n);
    }

    public static byte[] Encode(SealedHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var bytes = new byte[WireSizes.SealedHeaderLength];
        Write(header.DhPublicKey, header.PreviousChainLength, header.MessageNumber, bytes);
        return bytes;
    }

    /// Reads the counters of a Sealed body without copying anything; false for a body too short to
    /// hold a header and a tag.
    public static bool TryReadCounters(ReadOnlySpan<byte> sealedBody, out uint pn, out uint n)
    {
        pn = n = 0;
        if (sealedBody.Length < WireSizes.MinSealedBodyLength) return false;
        pn = BinaryPrimitives.ReadUInt32BigEndian(sealedBody[PnOffset..]);
        n = BinaryPrimitives.ReadUInt32BigEndian(sealedBody[NOffset..]);
        return true;
    }

    public static bool TryDecode(ReadOnlySpan<byte> sealedBody, out SealedHeader? header, out string? reason)
    {
        header = null;
        if (!TryReadCounters(sealedBody, out var pn, out var n))
        {
            reason = $"Sealed: body is {sealedBody.Length} bytes, under {WireSizes.MinSealedBodyLength}";
            return false;
        }
        header = new SealedHeader(sealedBody[..WireSizes.PublicKeyLength].ToArray(), pn, n);
        reason = null;
        return true;
    }
}
