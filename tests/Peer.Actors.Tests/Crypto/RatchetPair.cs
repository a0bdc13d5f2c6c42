using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Two ratchets as a handshake would leave them, with random keys: Alice dials, Bob listens.
internal sealed class RatchetPair : IDisposable
{
    public DoubleRatchet Alice { get; }
    public DoubleRatchet Bob { get; }

    public RatchetPair()
    {
        var root = RandomNumberGenerator.GetBytes(RatchetKdf.RootKeyLength);
        var ad = RandomNumberGenerator.GetBytes(Handshake.TranscriptHashLength);
        var ephL = P384.GenerateKeyPair();
        Alice = DoubleRatchet.InitializeAsDialer(root, ad, P384.ExportPublicKey(ephL), RandomRatchetKeySource.Instance);
        Bob = DoubleRatchet.InitializeAsListener(root, ad, ephL, RandomRatchetKeySource.Instance);
    }

    /// Seals a numbered payload; the number makes every plaintext distinct.
    public static byte[] Seal(DoubleRatchet sender, int number) => sender.Seal(BitConverter.GetBytes(number));

    public static byte[] Body(byte[] frame) => VectorSession.Body(frame);

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
    }
}
