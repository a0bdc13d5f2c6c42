using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Tests.Support;

/// <summary>
/// An in-memory PKI shared by every spec: the Encryptio CA, user certificates made on first use,
/// and a foreign CA that issues look-alike certificates the directory must refuse.
/// </summary>
public static class TestPki
{
    private static readonly Lazy<X509Certificate2> LazyAuthority = new(() => CertificateIssuer.CreateAuthority());
    private static readonly Lazy<X509Certificate2> LazyForeign = new(() => CertificateIssuer.CreateAuthority("Encryptio CA"));
    private static readonly Lazy<X509Certificate2> LazyDirectory = new(() => CertificateIssuer.IssueDirectory(LazyAuthority.Value, []));
    private static readonly ConcurrentDictionary<string, X509Certificate2> Users = new();
    private static readonly ConcurrentDictionary<string, X509Certificate2> ForeignUsers = new();

    public static X509Certificate2 Authority => LazyAuthority.Value;

    /// <summary>Same subject name as the real CA, other key: only pinning tells them apart.</summary>
    public static X509Certificate2 ForeignAuthority => LazyForeign.Value;

    public static AuthorityTrust Trust { get; } = new(LazyAuthority.Value);

    /// <summary>The directory's own certificate: the proofs bind its key (see <see cref="DirectorySpec"/>).</summary>
    public static X509Certificate2 Directory => LazyDirectory.Value;

    public static X509Certificate2 User(string uid) =>
        Users.GetOrAdd(uid, u => CertificateIssuer.IssueUser(Authority, Uid.Parse(u)));

    public static X509Certificate2 ForeignUser(string uid) =>
        ForeignUsers.GetOrAdd(uid, u => CertificateIssuer.IssueUser(ForeignAuthority, Uid.Parse(u)));
}
