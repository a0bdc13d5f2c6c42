using Encryptio.Peer.Crypto;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A spec's cipher seam from a function: what the link's cipher is, given the handshake's ratchet.
internal sealed class CipherSeam(Func<DoubleRatchet, ILinkCipher> cipher) : ILinkCipherFactory
{
    public ILinkCipher For(DoubleRatchet ratchet) => cipher(ratchet);
}
