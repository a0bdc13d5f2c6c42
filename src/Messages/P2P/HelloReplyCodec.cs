namespace Encryptio.Messages.P2P;

/// HelloReply body = ephL[97] | sig[96], exactly 193 bytes.
public static class HelloReplyCodec
{
    public static byte[] Encode(HelloReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.EphemeralPublicKey?.Length != WireSizes.PublicKeyLength)
            throw new ArgumentException($"the ephemeral key must be {WireSizes.PublicKeyLength} bytes", nameof(reply));
        if (reply.Signature?.Length != WireSizes.SignatureLength)
            throw new ArgumentException($"the signature must be {WireSizes.SignatureLength} bytes", nameof(reply));

        var body = new byte[WireSizes.HelloReplyBodyLength];
        reply.EphemeralPublicKey.CopyTo(body, 0);
        reply.Signature.CopyTo(body, WireSizes.PublicKeyLength);
        return body;
    }

    public static bool TryDecode(ReadOnlySpan<byte> body, out HelloReply? reply, out string? reason)
    {
        reply = null;
        if (body.Length != WireSizes.HelloReplyBodyLength)
        {
            reason = $"HelloReply: body is {body.Length} bytes, not {WireSizes.HelloReplyBodyLength}";
            return false;
        }
        reply = new HelloReply(
            body[..WireSizes.PublicKeyLength].ToArray(),
            body[WireSizes.PublicKeyLength..].ToArray());
        reason = null;
        return true;
    }
}
