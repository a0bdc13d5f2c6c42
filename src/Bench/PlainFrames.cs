using Encryptio.Messages.P2P;

namespace Encryptio.Bench;

/// <summary>
/// The session's wire format with the seal switched off: a Sealed frame of exactly the size the ratchet
/// writes (header and tag zeroed), the payload in clear where the ciphertext would be.
/// </summary>
public static class PlainFrames
{
    public static byte[] Encode(IPayload payload)
    {
        var bytes = PayloadCodec.Encode(payload);
        var bodyLength = WireSizes.MinSealedBodyLength + bytes.Length;
        var frame = new byte[FrameEncoder.FrameLength(bodyLength)];
        var at = FrameEncoder.WriteHeader(FrameType.Sealed, bodyLength, frame) + WireSizes.SealedHeaderLength;
        bytes.CopyTo(frame.AsSpan(at));
        return frame;
    }

    public static IPayload Decode(Frame frame)
    {
        var body = frame.Body.AsSpan(WireSizes.SealedHeaderLength, frame.Body.Length - WireSizes.MinSealedBodyLength);
        if (!PayloadCodec.TryDecode(body, out var payload, out var reason)) throw new InvalidOperationException($"a plain frame did not parse: {reason}");
        return payload!;
    }
}
