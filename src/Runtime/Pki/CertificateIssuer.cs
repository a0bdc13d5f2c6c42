using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Runtime.Pki;

/// <summary>
/// Makes the Encryptio PKI with the platform's <see cref="CertificateRequest"/>: an ECDSA P-384 CA,
/// the directory's TLS certificate (role: directory) and one identity certificate per user (CN = UID,
/// role: user; see <see cref="CertificateRoles"/>). Every
/// certificate returned carries its private key.
/// </summary>
public static class CertificateIssuer
{
    public static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3652);
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(397);
    public const string DirectoryCommonName = "encryptio-directory";

    // The directory is TLS server to the peers that dial it and TLS client when it dials one back
    // (Akka.Remote associations go both ways), so it keeps both; a user only ever proves itself as a
    // client. The role usage is what the validators check (CertificateRoles).
    private static OidCollection DirectoryUsages() =>
        [new Oid(CertificateRoles.ServerAuthOid), new Oid(CertificateRoles.ClientAuthOid), new Oid(CertificateRoles.DirectoryOid)];

    private static OidCollection UserUsages() => [new Oid(CertificateRoles.ClientAuthOid), new Oid(CertificateRoles.UserOid)];

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

    /// <param name="key">An existing key to certify again (an upgrade keeps the key); null for a new one.</param>
    public static X509Certificate2 IssueDirectory(X509Certificate2 authority, IEnumerable<string> hosts, ECDsa? key = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(CertificateRoles.DirectoryUri));
        foreach (var host in hosts.Append("localhost").Append("127.0.0.1").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip)) names.AddIpAddress(ip);
            else names.AddDnsName(host);
        }
        return IssueLeaf(authority, DirectoryCommonName, names, DirectoryUsages(), key);
    }

    /// <param name="key">An existing key to certify again (an upgrade keeps the key, so pins and safety numbers hold); null for a new one.</param>
    public static X509Certificate2 IssueUser(X509Certificate2 authority, Uid uid, ECDsa? key = null)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(CertificateRoles.UserUri(uid)));
        return IssueLeaf(authority, uid.Value, names, UserUsages(), key);
    }

    /// <summary>The host names and IPs a directory certificate names (its DNS and IP SANs).</summary>
    public static IReadOnlyList<string> HostsOf(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (names is null) return [];
        return [.. names.EnumerateDnsNames(), .. names.EnumerateIPAddresses().Select(ip => ip.ToString())];
    }

    private static X509Certificate2 IssueLeaf(X509Certificate2 authority, string commonName, SubjectAlternativeNameBuilder names,
        OidCollection usages, ECDsa? existingKey)
    {
        using var fresh = existingKey is null ? ECDsa.Create(ECCurve.NamedCurves.nistP384) : null;
        var key = existingKey ?? fresh!;
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}"), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        request.CertificateExtensions.Add(names.Build());

        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(LeafLifetime) < authority.NotAfter ? now.Add(LeafLifetime) : authority.NotAfter.ToUniversalTime();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        using var issued = request.Create(authority, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static string Escape(string value) => value.Replace("\"", "").Replace(",", "").Replace("=", "");
}
