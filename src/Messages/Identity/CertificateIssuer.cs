using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Encryptio.Messages.Identity;

/// <summary>
/// Makes the Encryptio PKI with the platform's <see cref="CertificateRequest"/>: an ECDSA P-384 CA,
/// the directory's TLS certificate and one identity certificate per user (CN = UID). Every
/// certificate returned carries its private key.
/// </summary>
public static class CertificateIssuer
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3652);
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(397);
    public const string DirectoryCommonName = "encryptio-directory";

    // Both directions: a node is TLS client on connections it opens and TLS server on those it accepts.
    private static readonly OidCollection TlsUsages = [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")];

    public static X509Certificate2 CreateAuthority(string name = "Encryptio CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(name)}"), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(AuthorityLifetime));
    }

    public static X509Certificate2 IssueDirectory(X509Certificate2 authority, IEnumerable<string> hosts)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Append("localhost").Append("127.0.0.1").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip)) names.AddIpAddress(ip);
            else names.AddDnsName(host);
        }
        return IssueLeaf(authority, DirectoryCommonName, names);
    }

    public static X509Certificate2 IssueUser(X509Certificate2 authority, Uid uid) =>
        IssueLeaf(authority, uid.Value, null);

    private static X509Certificate2 IssueLeaf(X509Certificate2 authority, string commonName, SubjectAlternativeNameBuilder? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(TlsUsages, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (names is not null) request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(LeafLifetime) < authority.NotAfter ? now.Add(LeafLifetime) : authority.NotAfter.ToUniversalTime();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static string Escape(string value) => value.Replace("\"", "").Replace(",", "").Replace("=", "");
}
