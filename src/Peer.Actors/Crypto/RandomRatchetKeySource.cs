using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// Fresh P-384 key pairs from the platform's generator.
public sealed class RandomRatchetKeySource : IRatchetKeySource
{
    public static readonly RandomRatchetKeySource Instance = new();

    private RandomRatchetKeySource() { }

    public ECDiffieHellman NextKeyPair() => P384.GenerateKeyPair();
}
