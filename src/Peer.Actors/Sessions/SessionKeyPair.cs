using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// The keys every handshake of one session uses, whichever link it runs on: our private key signs
/// our half, and the peer's public key (from the certificate the directory introduced, already checked
/// against our CA) checks theirs; both are bound to the conversation and the two UIDs. Made once per
/// session and disposed with it, so a redial does not read the certificates again.
/// </summary>
public sealed class SessionKeyPair : IDisposable
{
    private readonly ECDsa _peerKey;
    private readonly ECDsa _myKey;
    private readonly byte[] _conversationBytes;
    private readonly SessionSpec _spec;

    /// <exception cref="ArgumentException">A certificate holds no ECDSA key (ours: no private key).</exception>
    public SessionKeyPair(SessionSpec spec)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _conversationBytes = spec.Conversation.ToBytes();
        _peerKey = spec.PeerCertificate.GetECDsaPublicKey() ?? throw new ArgumentException("the peer certificate holds no ECDSA key", nameof(spec));
        _myKey = spec.Me.Certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("our certificate holds no ECDSA private key", nameof(spec));
        Signer = new EcdsaHandshakeSigner(_myKey);
    }

    /// <summary>Signs our half of each handshake.</summary>
    public IHandshakeSigner Signer { get; }

    /// <summary>Who the handshake is with, and the key that must have signed their half.</summary>
    public HandshakePeer Peer() => new(_conversationBytes, _spec.Me.Uid.Value, _spec.Peer.Value, _peerKey);

    public void Dispose()
    {
        _peerKey.Dispose();
        _myKey.Dispose();
    }
}
