using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Returns the signature recorded in the vectors, after checking it is asked to sign exactly the
/// recorded bytes (ECDSA here is randomized, so a fresh signature would change every later hash).
internal sealed class RecordedSigner(byte[] expectedSigned, byte[] signature) : IHandshakeSigner
{
    public int Calls { get; private set; }

    public byte[] Sign(ReadOnlySpan<byte> signedBytes)
    {
        Calls++;
        signedBytes.ToArray().Should().Equal(expectedSigned, "the transcript to sign must match the vector");
        return signature;
    }
}
