using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Bench;

/// <summary>Identity certificates (CN = UID, user role, signed by the CA) for many simulated users, all over one shared key.</summary>
public static class UserCertificates
{
    public static ImmutableArray<byte>[] Issue(X509Certificate2 authority, SharedUserKey key, IReadOnlyList<Uid> uids)
    {
        var result = new ImmutableArray<byte>[uids.Count];
        var now = DateTimeOffset.UtcNow;
        Parallel.For(0, uids.Count, i =>
        {
            var request = new CertificateRequest(new X500DistinguishedName($"CN={uids[i].Value}"), key.Key, HashAlgorithmName.SHA384);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateRoles.ClientAuthOid), new Oid(CertificateRoles.UserOid)], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using var issued = request.Create(authority, now.AddMinutes(-5), now.AddDays(30), serial);
            result[i] = ImmutableArray.Create(issued.RawData);
        });
        return result;
    }
}
