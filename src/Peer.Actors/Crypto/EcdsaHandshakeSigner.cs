using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// Signs with the identity ECDsa key. SignData already produces P1363, which is the wire format.
public sealed class EcdsaHandshakeSigner(ECDsa identity) : IHandshakeSigner
{
    private readonly ECDsa _identity = identity ?? throw new ArgumentNullException(nameof(identity));

    public byte[] Sign(ReadOnlySpan<byte> signedBytes) =>
        _identity.SignData(signedBytes, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
