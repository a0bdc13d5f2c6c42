using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Testing;

/// <summary>
/// A throwaway CA and the identities it issues, in memory only, for the tests and the benchmark, which
/// need real certificates but no HOME. Not part of any shipped assembly: each test or bench project
/// compiles this file in (tests/Shared).
/// </summary>
public sealed class TestPki
{
    private readonly Dictionary<string, PeerIdentity> _users = new();

    public TestPki(string name = "Encryptio test CA")
    {
        Authority = CertificateIssuer.CreateAuthority(name);
        Trust = new AuthorityTrust(Authority);
    }

    public X509Certificate2 Authority { get; }
    public AuthorityTrust Trust { get; }

    /// <summary>The user's identity (certificate with its private key), issued on first use.</summary>
    public PeerIdentity User(string uid)
    {
        lock (_users)
        {
            if (!_users.TryGetValue(uid, out var identity))
                _users[uid] = identity = new PeerIdentity(Uid.Parse(uid), CertificateIssuer.IssueUser(Authority, Uid.Parse(uid)), Trust);
            return identity;
        }
    }

    /// <summary>The certificate as another member sees it: public key only.</summary>
    public X509Certificate2 PublicCertificate(string uid) => X509CertificateLoader.LoadCertificate(User(uid).Certificate.RawData);
}
