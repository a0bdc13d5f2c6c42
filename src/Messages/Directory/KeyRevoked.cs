using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Directory -> peer (wire manifest <c>krev</c>, added in wire version 1.1): the CA revoked
/// <paramref name="Uid"/>'s certificate with this serial and SHA-256 fingerprint. The directory only
/// forwards it: <paramref name="AuthoritySignature"/> is made by `encryptio revoke` with the CA key
/// over <see cref="Statement"/>, and a peer acts on it only if it verifies under its own ca.crt, so a
/// directory (or anyone posing as one) cannot end other people's conversations with a made-up notice.
/// </summary>
public sealed record KeyRevoked(Uid Uid, string Serial, ImmutableArray<byte> CertificateSha256, ImmutableArray<byte> AuthoritySignature) : IDirectoryMessage
{
    public const int FingerprintSize = 32;
    private const string Label = "encryptio-key-revoked-v1";

    /// <summary>The exact bytes the CA signs: a label, the UID, the serial (upper-case hex) and the fingerprint, each length-prefixed.</summary>
    public static byte[] Statement(Uid uid, string serial, ReadOnlySpan<byte> certificateSha256)
    {
        using var stream = new MemoryStream();
        void Put(ReadOnlySpan<byte> field)
        {
            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
            stream.Write(length);
            stream.Write(field);
        }
        Put(Encoding.ASCII.GetBytes(Label));
        Put(Encoding.UTF8.GetBytes(uid.Value));
        Put(Encoding.ASCII.GetBytes(serial.ToUpperInvariant()));
        Put(certificateSha256);
        return stream.ToArray();
    }

    /// <summary>Signs the notice for <paramref name="certificate"/> with the CA's private key (`encryptio revoke`).</summary>
    public static KeyRevoked Sign(X509Certificate2 authorityWithKey, Uid uid, X509Certificate2 certificate)
    {
        var fingerprint = SHA256.HashData(certificate.RawData);
        using var key = authorityWithKey.GetECDsaPrivateKey() ?? throw new CryptographicException("the CA certificate has no ECDSA private key");
        var signature = key.SignData(Statement(uid, certificate.SerialNumber, fingerprint), HashAlgorithmName.SHA384);
        return new KeyRevoked(uid, certificate.SerialNumber.ToUpperInvariant(), ImmutableArray.Create(fingerprint), ImmutableArray.Create(signature));
    }

    /// <summary>True when the CA signed exactly this notice. Never throws on malformed input.</summary>
    public bool IsSignedBy(X509Certificate2 authority)
    {
        if (AuthoritySignature.IsDefaultOrEmpty || CertificateSha256.IsDefault || CertificateSha256.Length != FingerprintSize || Serial is null) return false;
        using var key = authority.GetECDsaPublicKey();
        if (key is null) return false;
        try
        {
            return key.VerifyData(Statement(Uid, Serial, CertificateSha256.AsSpan()), AuthoritySignature.AsSpan(), HashAlgorithmName.SHA384);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Is this the certificate the notice revokes? Compared in constant time.</summary>
    public bool Names(X509Certificate2 certificate) =>
        !CertificateSha256.IsDefault && CertificateSha256.Length == FingerprintSize &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.RawData), CertificateSha256.AsSpan());
}
