using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// Where handshake ephemerals and ratchet key pairs come from. Production makes fresh ones; tests
/// hand out fixed keys in the order the vectors list (ephD, ephL, alice_ratchet_1, ...).
/// The caller owns (and disposes) every key pair it receives.
public interface IRatchetKeySource
{
    ECDiffieHellman NextKeyPair();
}
