using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory;

/// <summary>
/// The registration checks a <see cref="PeerLink"/> makes, as pure functions: what can be checked
/// before the proof, and the proof itself.
/// </summary>
public static class RegisterCheck
{
    /// <summary>Everything that can be checked before the proof: version, certificate, CA, CN, endpoint.</summary>
    public static X509Certificate2? TryAccept(Register register, byte[]? directoryKey, AuthorityTrust trust, out string reason)
    {
        if (register.Version == 1)
        {
            reason = $"protocol version 1 is no longer accepted: its proof does not bind the directory's key, so it could be relayed to another directory; update this peer (this directory speaks {Register.CurrentVersion})";
            return null;
        }
        if (register.Version != Register.CurrentVersion)
        {
            reason = $"unsupported protocol version {register.Version} (this directory speaks {Register.CurrentVersion})";
            return null;
        }
        if (directoryKey is null)
        {
            // The proof binds the key this directory serves TLS with; without one there is nothing to bind.
            reason = "this directory has no TLS certificate to bind the proof to";
            return null;
        }
        if (register.CertificateDer.IsDefaultOrEmpty)
        {
            reason = "no certificate was sent";
            return null;
        }
        var certificate = AuthorityTrust.TryLoad(register.CertificateDer.AsSpan(), out reason);
        if (certificate is null) return null;
        if (!trust.IsIdentityOf(certificate, register.Uid, out var why))
        {
            certificate.Dispose();
            reason = why;
            return null;
        }
        if (!HoldsP384Key(certificate))
        {
            certificate.Dispose();
            reason = "the certificate does not hold an ECDSA P-384 key";
            return null;
        }
        if (System.Text.Encoding.UTF8.GetByteCount(register.P2P.Host) > 255)
        {
            certificate.Dispose();
            reason = "the P2P host name is longer than 255 bytes";
            return null;
        }
        reason = "";
        return certificate;
    }

    private static bool HoldsP384Key(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey();
        return key is not null && key.KeySize == 384;
    }

    /// <summary>Whether the proof signs the transcript under the certificate's key (SHA-384).</summary>
    public static bool Verifies(X509Certificate2 certificate, AuthProof proof, byte[] transcript)
    {
        if (proof.Signature.IsDefaultOrEmpty) return false;
        using var key = certificate.GetECDsaPublicKey();
        if (key is null) return false;
        try
        {
            return key.VerifyData(transcript, proof.Signature.AsSpan(), HashAlgorithmName.SHA384);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
