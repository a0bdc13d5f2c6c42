using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
namespace Encryptio.Peer.Node;

/// <summary>
/// A throwaway CA and the identities it issues, in memory only: for the benchmark harness and the tests,
/// which need real certificates but no HOME.
/// </summary>
public sealed class EphemeralPki
{
    private readonly Dictionary<string, PeerIdentity> _users = new();

    public EphemeralPki(string name = "Encryptio ephemeral CA")
    {
        Authority = CertificateIssuer.CreateAuthority(name);
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

    /// <summary>The certificate as another member sees it: public key only.</summary>
    public X509Certificate2 PublicCertificate(string uid) => X509CertificateLoader.LoadCertificate(User(uid).Certificate.RawData);
}
