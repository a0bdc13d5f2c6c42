using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Host.Bench;

/// <summary>A throwaway CA for the run and the identities it issues (nothing is written to disk).</summary>
public sealed class BenchPki
{
    private readonly Dictionary<string, PeerIdentity> _users = new();

    public BenchPki()
    {
        Authority = CertificateIssuer.CreateAuthority("Encryptio bench CA");
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
