using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// The transcript arithmetic both sides of the SIGMA-style handshake share (PROTOCOL.md 3 and 6).
public static class Handshake
{
    public const int TranscriptHashLength = 48;
    public const int RootKeyLength = RatchetKdf.RootKeyLength;

    public static ReadOnlySpan<byte> HelloLabel => "encryptio/p2p-hello/v1"u8;
    public static ReadOnlySpan<byte> ReplyLabel => "encryptio/p2p-reply/v1"u8;
    public static ReadOnlySpan<byte> RootLabel => "encryptio/root/v1"u8;

    /// hello_signed = label | the Hello body without its version byte and without the signature.
    public static byte[] HelloSigned(ReadOnlySpan<byte> helloBody)
    {
        var covered = helloBody[1..^WireSizes.SignatureLength];
        return [.. HelloLabel, .. covered];
    }

    /// reply_signed = label | th0 | ephL.
    public static byte[] ReplySigned(ReadOnlySpan<byte> th0, ReadOnlySpan<byte> listenerEphemeral) =>
        [.. ReplyLabel, .. th0, .. listenerEphemeral];

    /// th0 = SHA-384 of the whole Hello frame, length and type included.
    public static byte[] ComputeTh0(ReadOnlySpan<byte> helloFrame) => SHA384.HashData(helloFrame);

    /// th = SHA-384(Hello frame | HelloReply frame); also the associated data of every Sealed frame.
    public static byte[] ComputeTh(ReadOnlySpan<byte> helloFrame, ReadOnlySpan<byte> helloReplyFrame)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA384);
        hash.AppendData(helloFrame);
        hash.AppendData(helloReplyFrame);
        return hash.GetHashAndReset();
    }

    /// root = HKDF-SHA384(ikm = dh, salt = cid, info = "encryptio/root/v1" | th, 32).
    public static byte[] DeriveRoot(ReadOnlySpan<byte> dh, ReadOnlySpan<byte> conversationId, ReadOnlySpan<byte> th)
    {
        Span<byte> info = stackalloc byte[RootLabel.Length + TranscriptHashLength];
        RootLabel.CopyTo(info);
        th.CopyTo(info[RootLabel.Length..]);
        var root = new byte[RootKeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA384, dh, root, conversationId, info[..(RootLabel.Length + th.Length)]);
        return root;
    }

    /// P1363 signature check that answers false, never throws, on any bad input.
    public static bool VerifySignature(ECDsa identity, ReadOnlySpan<byte> signedBytes, ReadOnlySpan<byte> signature)
    {
        try
        {
            return identity.VerifyData(signedBytes, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
