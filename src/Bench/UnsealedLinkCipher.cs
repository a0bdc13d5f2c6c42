using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// The benchmark's "seal and open switched off": frames of exactly the size a sealed one has (a zero
/// header where the ratchet header goes, the payload in clear, a zero tag), so the sessions, the link
/// and the acks do the same work as with the <see cref="DoubleRatchet"/>, minus the crypto. It takes
/// over the handshake's ratchet only to dispose of it. Plugged in through the cipher seam, which only the
/// test and benchmark assemblies can reach.
/// </summary>
internal sealed class UnsealedLinkCipher(DoubleRatchet handshakeRatchet) : ILinkCipher
{
    public int FailedOpens { get; private set; }

    public bool TooManyFailedOpens => FailedOpens >= RatchetLimits.MaxFailedOpensPerLink;

    public byte[] Seal(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[DoubleRatchet.SealedFrameLength(payload.Length)];
        var body = frame.AsSpan(FrameEncoder.WriteHeader(FrameType.Sealed, frame.Length - FrameLimits.Overhead, frame));
        payload.CopyTo(body[WireSizes.SealedHeaderLength..]);
        return frame;
    }

    public bool TryOpen(ReadOnlySpan<byte> sealedBody, Span<byte> destination, out int payloadLength, out OpenFailure failure)
    {
        payloadLength = DoubleRatchet.PayloadLength(sealedBody.Length);
        if (payloadLength < 0)
        {
            payloadLength = 0;
            FailedOpens++;
            failure = OpenFailure.TooShort;
            return false;
        }
        sealedBody.Slice(WireSizes.SealedHeaderLength, payloadLength).CopyTo(destination);
        failure = OpenFailure.None;
        return true;
    }

    public void Dispose() => handshakeRatchet.Dispose();
}

/// <summary>The cipher seam that switches the seal off: every link gets an <see cref="UnsealedLinkCipher"/>.</summary>
internal sealed class SealOff : ILinkCipherFactory
{
    public static readonly SealOff Instance = new();

    public ILinkCipher For(DoubleRatchet ratchet) => new UnsealedLinkCipher(ratchet);
}
