using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Fresh random key pairs whose private scalars are remembered, so an independent oracle can redo
/// the key agreement.
internal sealed class RecordingKeySource : IRatchetKeySource
{
    public List<ECParameters> Handed { get; } = [];

    public ECDiffieHellman NextKeyPair()
    {
        var key = P384.GenerateKeyPair();
        Handed.Add(key.ExportParameters(includePrivateParameters: true));
        return key;
    }
}
