using System.Security.Cryptography;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Benchmarks;

/// Two ratchets as a handshake leaves them (random root, th and keys): Alice dials, Bob listens.
/// <see cref="Established"/> also carries one frame from Alice to Bob, so Bob has done his DH step
/// and every later frame from Alice opens in Bob's current receiving chain.
internal sealed class Ratchets : IDisposable
{
    public DoubleRatchet Alice { get; }
    public DoubleRatchet Bob { get; }

    private Ratchets()
    {
        var root = RandomNumberGenerator.GetBytes(RatchetKdf.RootKeyLength);
        var ad = RandomNumberGenerator.GetBytes(Handshake.TranscriptHashLength);
        var ephL = P384.GenerateKeyPair();
        Alice = DoubleRatchet.InitializeAsDialer(root, ad, P384.ExportPublicKey(ephL), RandomRatchetKeySource.Instance);
        Bob = DoubleRatchet.InitializeAsListener(root, ad, ephL, RandomRatchetKeySource.Instance);
    }

    public static Ratchets Established()
    {
        var pair = new Ratchets();
        if (!pair.Bob.TryOpen(Body(pair.Alice.Seal([1, 2, 3])), out _))
            throw new InvalidOperationException("the first frame did not open");
        return pair;
    }

    /// The Sealed body of a whole frame: what the decoder hands to TryOpen.
    public static ReadOnlySpan<byte> Body(byte[] frame) => frame.AsSpan(FrameLimits.Overhead);

    public static byte[] Payload(int size)
    {
        var payload = new byte[size];
        RandomNumberGenerator.Fill(payload);
        return payload;
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}
