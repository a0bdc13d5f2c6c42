using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A throwaway CA and user identities issued by it, as the directory's PKI would hand them out.
internal sealed class TestPki
{
    private readonly Dictionary<string, PeerIdentity> _users = new();

    public TestPki()
    {
        Authority = CertificateIssuer.CreateAuthority("Encryptio test CA");
        Trust = new AuthorityTrust(Authority);
    }

    public X509Certificate2 Authority { get; }
    public AuthorityTrust Trust { get; }

    public PeerIdentity User(string uid)
    {
        if (!_users.TryGetValue(uid, out var identity))
            _users[uid] = identity = new PeerIdentity(Uid.Parse(uid), CertificateIssuer.IssueUser(Authority, Uid.Parse(uid)), Trust);
        return identity;
    }

    /// The certificate as another member sees it: public key only.
    public X509Certificate2 PublicCertificate(string uid) => X509CertificateLoader.LoadCertificate(User(uid).Certificate.RawData);
}
