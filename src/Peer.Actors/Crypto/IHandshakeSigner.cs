namespace Encryptio.Peer.Crypto;

/// Signs handshake transcripts with this peer's identity key: IEEE P1363 r | s, 96 bytes, over
/// SHA-384 of the given bytes. Tests substitute recorded signatures, since ECDSA here is randomized.
public interface IHandshakeSigner
{
    byte[] Sign(ReadOnlySpan<byte> signedBytes);
}
