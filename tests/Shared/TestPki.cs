using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Runtime.Pki;

namespace Encryptio.Testing;

/// <summary>
/// A throwaway CA and the identities it issues, in memory only, for the tests and the benchmark, which
/// need real certificates but no HOME. Not part of any shipped assembly: each test or bench project
/// compiles this file in (tests/Shared).
/// </summary>
public sealed class TestPki
{
    private readonly Dictionary<string, PeerIdentity> _users = new();
    private readonly Lazy<X509Certificate2> _directory;

    public TestPki(string name = "Encryptio test CA")
    {
        Authority = CertificateIssuer.CreateAuthority(name);
        Trust = new AuthorityTrust(Authority);
        _directory = new Lazy<X509Certificate2>(IssueDirectory);
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

    /// <summary>The user's certificate (with its private key), the same one on every call.</summary>
    public X509Certificate2 UserCertificate(string uid) => User(uid).Certificate;

    /// <summary>A new certificate (and key) for the user on every call.</summary>
    public X509Certificate2 IssueUser(string uid) => CertificateIssuer.IssueUser(Authority, Uid.Parse(uid));

    /// <summary>This CA's directory certificate, the same one on every call.</summary>
    public X509Certificate2 DirectoryCertificate => _directory.Value;

    /// <summary>A new directory certificate (and key) on every call.</summary>
    public X509Certificate2 IssueDirectory() => CertificateIssuer.IssueDirectory(Authority, []);

    /// <summary>The certificate as another member sees it: public key only.</summary>
    public X509Certificate2 PublicCertificate(string uid) => X509CertificateLoader.LoadCertificate(User(uid).Certificate.RawData);
}
