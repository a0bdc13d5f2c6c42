using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Bench;

/// <summary>
/// The crypto one registration cannot do without, run flat out on every core of this process: the
/// directory's X.509 chain check of the user's certificate (one ECDSA verify by the CA's key, plus
/// X509Chain), its ECDSA verify of the proof, and the simulated peer's ECDSA sign (the load generator
/// shares these cores). Registrations per second if nothing else ran.
/// </summary>
public static class RegistrationCeiling
{
    public static double PerSecond(AuthorityTrust trust, ImmutableArray<byte> certificateDer, SharedUserKey key, int perCore)
    {
        var cores = Environment.ProcessorCount;
        var transcript = RandomNumberGenerator.GetBytes(120);
        var start = Stopwatch.GetTimestamp();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ =>
        {
            for (var i = 0; i < perCore; i++)
            {
                var signature = key.Sign(transcript);
                using var certificate = X509CertificateLoader.LoadCertificate(certificateDer.AsSpan());
                if (!trust.IsIssuedByAuthority(certificate, out var reason)) throw new InvalidOperationException(reason);
                using var publicKey = certificate.GetECDsaPublicKey()!;
                if (!publicKey.VerifyData(transcript, signature, HashAlgorithmName.SHA384)) throw new InvalidOperationException("proof did not verify");
            }
        });
        return cores * perCore / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
