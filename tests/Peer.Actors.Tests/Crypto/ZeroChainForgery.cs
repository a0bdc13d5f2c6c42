using System.Security.Cryptography;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// <summary>
/// Issue 10, finding 3, done the attacker's way: everything here comes from the two handshake frames,
/// which cross the network in clear. th = SHA-384(Hello | HelloReply) is the associated data, the
/// header names the listener's handshake key ephL (the HelloReply's key), and the message key is
/// derived with <see cref="RatchetKdf.ChainStep"/> from a chain key of 32 zero bytes, which is what a
/// null receiving chain copied into a zeroed buffer used to give.
/// </summary>
internal static class ZeroChainForgery
{
    /// The whole Sealed frame, message number <paramref name="n"/> of the "zero" chain.
    public static byte[] Frame(byte[] helloFrame, byte[] helloReplyFrame, ReadOnlySpan<byte> payload, uint n = 0)
    {
        var th = Handshake.ComputeTh(helloFrame, helloReplyFrame);
        if (!HelloReplyCodec.TryDecode(helloReplyFrame.AsSpan(FrameLimits.Overhead), out var reply, out var reason))
            throw new ArgumentException($"not a HelloReply frame: {reason}", nameof(helloReplyFrame));
        return Seal(th, reply!.EphemeralPublicKey, payload, n);
    }

    public static byte[] Seal(ReadOnlySpan<byte> th, ReadOnlySpan<byte> listenerEphemeralPublic, ReadOnlySpan<byte> payload, uint n)
    {
        var chainKey = new byte[RatchetKdf.ChainKeyLength];
        var mk = new byte[RatchetKdf.MessageKeyLength];
        for (var i = 0u; i <= n; i++) RatchetKdf.ChainStep(chainKey, mk, chainKey);

        var body = new byte[WireSizes.MinSealedBodyLength + payload.Length];
        var header = body.AsSpan(0, WireSizes.SealedHeaderLength);
        SealedHeaderCodec.Write(listenerEphemeralPublic, 0, n, header);
        byte[] aad = [.. th, .. header];
        using var gcm = new AesGcm(mk.AsSpan(0, RatchetKdf.AesKeyLength), WireSizes.GcmTagLength);
        gcm.Encrypt(mk.AsSpan(RatchetKdf.AesKeyLength, RatchetKdf.NonceLength), payload,
            body.AsSpan(WireSizes.SealedHeaderLength, payload.Length), body.AsSpan(body.Length - WireSizes.GcmTagLength), aad);
        return FrameEncoder.Encode(FrameType.Sealed, body);
    }
}
