namespace Encryptio.Messages.P2P;

/// Hello body = u8 version | cid[16] | string fromUid | string toUid | ephD[97] | sig[96].
public static class HelloCodec
{
    public static byte[] Encode(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        RequireLength(hello.ConversationId, WireSizes.ConversationIdLength, nameof(Hello.ConversationId));
        RequireLength(hello.EphemeralPublicKey, WireSizes.PublicKeyLength, nameof(Hello.EphemeralPublicKey));
        RequireLength(hello.Signature, WireSizes.SignatureLength, nameof(Hello.Signature));

        var length = 1 + WireSizes.ConversationIdLength
            + WireString.GetEncodedLength(hello.FromUid) + WireString.GetEncodedLength(hello.ToUid)
            + WireSizes.PublicKeyLength + WireSizes.SignatureLength;
        var body = new byte[length];
        var span = body.AsSpan();
        span[0] = hello.Version;
        var at = 1;
        hello.ConversationId.CopyTo(span[at..]);
        at += WireSizes.ConversationIdLength;
        at += WireString.Write(hello.FromUid, span[at..]);
        at += WireString.Write(hello.ToUid, span[at..]);
        hello.EphemeralPublicKey.CopyTo(span[at..]);
        at += WireSizes.PublicKeyLength;
        hello.Signature.CopyTo(span[at..]);
        return body;
    }

    /// Strict parse: every field present, valid UTF-8, no trailing bytes. The version is returned as
    /// sent; judging it is the handshake's job.
    public static bool TryDecode(ReadOnlySpan<byte> body, out Hello? hello, out string? reason)
    {
        hello = null;
        var reader = new WireReader(body);
        if (!reader.TryReadByte(out var version)) return Fail("missing version", out reason);
        if (!reader.TryReadBytes(WireSizes.ConversationIdLength, out var cid)) return Fail("truncated conversation id", out reason);
        if (!reader.TryReadWireString(out var fromUid)) return Fail("bad fromUid", out reason);
        if (!reader.TryReadWireString(out var toUid)) return Fail("bad toUid", out reason);
        if (!reader.TryReadBytes(WireSizes.PublicKeyLength, out var eph)) return Fail("truncated ephemeral key", out reason);
        if (!reader.TryReadBytes(WireSizes.SignatureLength, out var sig)) return Fail("truncated signature", out reason);
        if (!reader.IsAtEnd) return Fail("trailing bytes", out reason);

        hello = new Hello(version, cid.ToArray(), fromUid, toUid, eph.ToArray(), sig.ToArray());
        reason = null;
        return true;
    }

    private static void RequireLength(byte[] value, int length, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length != length) throw new ArgumentException($"{name} must be {length} bytes", name);
    }

    private static bool Fail(string why, out string? reason)
    {
        reason = "Hello: " + why;
        return false;
    }
}
