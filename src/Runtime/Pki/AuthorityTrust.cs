using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;

namespace Encryptio.Runtime.Pki;

/// <summary>
/// Trusts exactly one CA, the Encryptio authority: chains are built with
/// <see cref="X509ChainTrustMode.CustomRootTrust"/>, so the machine's root store counts for nothing.
/// </summary>
public sealed class AuthorityTrust(X509Certificate2 authority)
{
    public X509Certificate2 Authority { get; } = authority;

    /// <summary>Optional: is this certificate revoked? (serial number, hex). Null = no revocation list.</summary>
    public Func<X509Certificate2, bool>? IsRevoked { get; init; }

    public bool IsIssuedByAuthority(X509Certificate2 certificate, [NotNullWhen(false)] out string? reason)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        chain.ChainPolicy.DisableCertificateDownloads = true;

        if (!chain.Build(certificate))
        {
            var status = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
            reason = $"certificate '{certificate.Subject}' does not chain to the Encryptio CA ({string.Join(", ", status)})";
            return false;
        }
        var root = chain.ChainElements[^1].Certificate;
        if (!CryptographicOperations.FixedTimeEquals(root.RawData, Authority.RawData))
        {
            reason = $"certificate '{certificate.Subject}' chains to another root";
            return false;
        }
        if (IsRevoked?.Invoke(certificate) == true)
        {
            reason = $"certificate '{certificate.Subject}' (serial {certificate.SerialNumber}) is revoked";
            return false;
        }
        reason = null;
        return true;
    }

    /// <summary>The certificate chains to the CA and carries exactly this role.</summary>
    public bool IsIssuedFor(X509Certificate2 certificate, CertificateRole role, [NotNullWhen(false)] out string? reason) =>
        IsIssuedByAuthority(certificate, out reason) && CertificateRoles.Is(certificate, role, out reason);

    /// <summary>The certificate chains to the CA, has the user role and names exactly this UID as its common name.</summary>
    public bool IsIdentityOf(X509Certificate2 certificate, Uid uid, [NotNullWhen(false)] out string? reason)
    {
        if (!IsIssuedFor(certificate, CertificateRole.User, out reason)) return false;
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, false);
        if (!string.Equals(commonName, uid.Value, StringComparison.Ordinal))
        {
            reason = $"certificate is for '{commonName}', not '{uid}'";
            return false;
        }
        return true;
    }

    /// <summary>Parses DER from the wire; null and a reason when it is not a certificate at all.</summary>
    public static X509Certificate2? TryLoad(ReadOnlySpan<byte> der, out string reason)
    {
        try
        {
            reason = "";
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            reason = "the certificate bytes are not a valid X.509 certificate";
            return null;
        }
    }
}
