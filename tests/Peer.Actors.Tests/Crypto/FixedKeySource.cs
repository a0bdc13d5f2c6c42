using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Hands out the given key pairs in order, then throw-away random ones (counted, so a test can see
/// that a failed open asked for none it kept).
internal sealed class FixedKeySource(params ECDiffieHellman[] keys) : IRatchetKeySource
{
    private readonly Queue<ECDiffieHellman> _keys = new(keys);

    public int Handed { get; private set; }

    public int Remaining => _keys.Count;

    public static FixedKeySource FromVectors(params string[] names) =>
        new(names.Select(Vectors.EphemeralKeyPair).ToArray());

    public ECDiffieHellman NextKeyPair()
    {
        Handed++;
        return _keys.TryDequeue(out var key) ? key : P384.GenerateKeyPair();
    }
}
