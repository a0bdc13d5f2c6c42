using System.Security.Cryptography;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Testing;

/// <summary>
/// Two ratchets as a handshake leaves them (random root, transcript hash and keys): Alice dials, Bob
/// listens. The one set-up the tests, the micro-benchmarks and `encryptio bench` share (tests/Shared,
/// compiled into each; no shipped assembly carries it).
/// </summary>
public sealed class RatchetPair : IDisposable
{
    public DoubleRatchet Alice { get; }
    public DoubleRatchet Bob { get; }

    public RatchetPair() : this(RandomRatchetKeySource.Instance) { }

    public RatchetPair(IRatchetKeySource keys)
    {
        var root = RandomNumberGenerator.GetBytes(RatchetKdf.RootKeyLength);
        var ad = RandomNumberGenerator.GetBytes(Handshake.TranscriptHashLength);
        var ephL = P384.GenerateKeyPair(); // the listener ratchet takes it over
        Alice = DoubleRatchet.InitializeAsDialer(root, ad, P384.ExportPublicKey(ephL), keys);
        Bob = DoubleRatchet.InitializeAsListener(root, ad, ephL, keys);
    }

    /// <summary>
    /// A pair that has carried one frame from Alice to Bob: Bob has taken his DH step, so both can seal
    /// and every later frame from Alice opens in Bob's current receiving chain.
    /// </summary>
    public static RatchetPair Established(IRatchetKeySource? keys = null)
    {
        var pair = new RatchetPair(keys ?? RandomRatchetKeySource.Instance);
        if (!pair.Bob.TryOpen(SealedBody(pair.Alice.Seal([1, 2, 3])), out _))
            throw new InvalidOperationException("the first frame did not open");
        return pair;
    }

    /// <summary>Seals a numbered payload; the number makes every plaintext distinct.</summary>
    public static byte[] Seal(DoubleRatchet sender, int number) => sender.Seal(BitConverter.GetBytes(number));

    /// <summary>The Sealed body of a whole frame, copied: what the decoder hands to TryOpen.</summary>
    public static byte[] Body(byte[] frame) => frame[FrameLimits.Overhead..];

    /// <summary>The same, without a copy (for measurements).</summary>
    public static ReadOnlySpan<byte> SealedBody(byte[] frame) => frame.AsSpan(FrameLimits.Overhead);

    public static byte[] Payload(int size) => RandomNumberGenerator.GetBytes(size);

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}
