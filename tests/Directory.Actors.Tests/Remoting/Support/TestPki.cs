using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Actors.Tests.Remoting.Support;

/// <summary>An Encryptio CA in memory, made once per test run, and certificates issued by it.</summary>
internal sealed class TestPki
{
    private static readonly Lazy<TestPki> Shared = new(() => new TestPki("Encryptio Test CA"));
    private static readonly Lazy<TestPki> Foreign = new(() => new TestPki("Some Other CA"));

    /// <summary>The CA every honest node trusts.</summary>
    public static TestPki Encryptio => Shared.Value;

    /// <summary>A CA nobody in these tests trusts.</summary>
    public static TestPki ForeignAuthority => Foreign.Value;

    private TestPki(string name)
    {
        Authority = CertificateIssuer.CreateAuthority(name);
        Trust = new AuthorityTrust(Authority);
    }

    public X509Certificate2 Authority { get; }

    public AuthorityTrust Trust { get; }

    public X509Certificate2 Directory() => CertificateIssuer.IssueDirectory(Authority, []);

    public X509Certificate2 User(string uid) => CertificateIssuer.IssueUser(Authority, Uid.Parse(uid));
}
