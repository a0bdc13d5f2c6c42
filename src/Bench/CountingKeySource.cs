using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// Counts the key pairs a run takes from the pool: past the handshake, each one is a DH ratchet step
/// (a change of direction on the link), which the session figures report per run.
/// </summary>
public sealed class CountingKeySource(IRatchetKeySource inner) : IRatchetKeySource
{
    private long _taken;

    public long Taken => Interlocked.Read(ref _taken);

    public ECDiffieHellman NextKeyPair()
    {
        Interlocked.Increment(ref _taken);
        return inner.NextKeyPair();
    }
}
