using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Runtime.Pki;

/// <summary>What an Encryptio certificate may be used for: serving as the directory, or being a user.</summary>
public enum CertificateRole
{
    Directory,
    User,
}

/// <summary>
/// Roles are carried as an extended key usage of our own (under a UUID arc, 2.25.&lt;uuid&gt;, which needs
/// no registration) plus an informative URI SAN. Without a role any enrolled user could present its
/// certificate as the directory's: every leaf used to carry serverAuth and clientAuth alike.
/// </summary>
public static class CertificateRoles
{
    private const string Arc = "2.25.181377606679637048946483414935205245152";
    public const string DirectoryOid = Arc + ".1";
    public const string UserOid = Arc + ".2";
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public const string DirectoryUri = "encryptio:role:directory";
    public static string UserUri(Uid uid) => $"encryptio:user:{uid.Value}";

    /// <summary>The one role the certificate carries; null (and a reason) for none or both.</summary>
    public static CertificateRole? Of(X509Certificate2 certificate, out string? reason)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>())
            .Select(o => o.Value)
            .ToHashSet(StringComparer.Ordinal);
        var directory = usages.Contains(DirectoryOid);
        var user = usages.Contains(UserOid);
        reason = (directory, user) switch
        {
            (true, true) => $"certificate '{certificate.Subject}' claims both the directory and the user role",
            (false, false) => $"certificate '{certificate.Subject}' carries no Encryptio role (issued before roles existed)",
            _ => null,
        };
        if (reason is not null) return null;
        return directory ? CertificateRole.Directory : CertificateRole.User;
    }

    public static bool Is(X509Certificate2 certificate, CertificateRole role, [NotNullWhen(false)] out string? reason)
    {
        var actual = Of(certificate, out reason);
        if (actual is null)
        {
            reason ??= $"certificate '{certificate.Subject}' carries no Encryptio role";
            return false;
        }
        if (actual == role) return true;
        reason = $"certificate '{certificate.Subject}' has the {Name(actual.Value)} role, not the {Name(role)} role";
        return false;
    }

    public static string Name(CertificateRole role) => role == CertificateRole.Directory ? "directory" : "user";

    /// <summary>SHA-256 of the SubjectPublicKeyInfo: names the key, whatever certificate carries it.</summary>
    public static byte[] KeyFingerprint(X509Certificate2 certificate) =>
        SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
}
