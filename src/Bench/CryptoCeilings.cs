using Encryptio.Testing;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;
using Encryptio.Runtime.Pki;

namespace Encryptio.Bench;

/// <summary>
/// The primitives each system figure is compared with, timed one at a time on one thread: AES-256-GCM
/// seal + open of 256 B, the chain step, P-384 keygen / ECDH / public-key import / sign / verify, a DH ratchet step
/// (DoubleRatchet.TryOpen of a frame under a new ratchet key) and the X.509 chain check the directory does.
/// </summary>
public static class CryptoCeilings
{
    public static Ceilings Measure(BenchOptions options, IRatchetKeySource pooled, X509Certificate2 user, AuthorityTrust trust)
    {
        var runs = options.Runs;
        var n = options.CryptoIterations;

        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = new byte[12];
        var plain = RandomNumberGenerator.GetBytes(256);
        var cipher = new byte[256];
        var tag = new byte[16];
        var aad = new byte[48 + 105];
        var opened = new byte[256];
        var aes = Sampler.MicrosPerOp(runs, n * 20, () =>
        {
            // As the ratchet does: a fresh AesGcm per message key.
            using (var gcm = new AesGcm(key, 16)) gcm.Encrypt(nonce, plain, cipher, tag, aad);
            using (var gcm = new AesGcm(key, 16)) gcm.Decrypt(nonce, cipher, tag, opened, aad);
        });

        var chainKey = RandomNumberGenerator.GetBytes(RatchetKdf.ChainKeyLength);
        var messageKey = new byte[RatchetKdf.MessageKeyLength];
        var chain = Sampler.MicrosPerOp(runs, n * 20, () => RatchetKdf.ChainStep(chainKey, messageKey, chainKey));
        // In a session both ends call OpenSSL at once: the chain step with AES-GCM running beside it.
        Figure chainBesideAes;
        using (var stop = new CancellationTokenSource())
        {
            var beside = new Thread(() =>
            {
                var ct = new byte[256];
                var t = new byte[16];
                while (!stop.IsCancellationRequested)
                    using (var gcm = new AesGcm(key, 16)) gcm.Encrypt(nonce, plain, ct, t, aad);
            }) { IsBackground = true };
            beside.Start();
            chainBesideAes = Sampler.MicrosPerOp(runs, n * 20, () => RatchetKdf.ChainStep(chainKey, messageKey, chainKey));
            stop.Cancel();
            beside.Join();
        }

        var keygen = Sampler.MicrosPerOp(runs, n, () =>
        {
            using var k = P384.GenerateKeyPair();
            P384.ExportPublicKey(k);
        });

        using var own = P384.GenerateKeyPair();
        using var other = P384.GenerateKeyPair();
        using var otherPublic = other.PublicKey;
        var ecdh = Sampler.MicrosPerOp(runs, n, () => P384.DeriveSharedSecret(own, otherPublic));

        var otherSec1 = P384.ExportPublicKey(other);
        var import = Sampler.MicrosPerOp(runs, n, () =>
        {
            if (!P384.TryImportPublicKey(otherSec1, out var imported)) throw new InvalidOperationException("import failed");
            imported.Dispose();
        });

        using var signer = ECDsa.Create(P384.Curve);
        var data = RandomNumberGenerator.GetBytes(200);
        var signature = signer.SignData(data, HashAlgorithmName.SHA384);
        var sign = Sampler.MicrosPerOp(runs, n, () => signer.SignData(data, HashAlgorithmName.SHA384));
        var verify = Sampler.MicrosPerOp(runs, n, () => signer.VerifyData(data, signature, HashAlgorithmName.SHA384));

        var step = DhStep(runs, n / 4 + 2, RandomRatchetKeySource.Instance);
        var stepPooled = DhStep(runs, n / 4 + 2, pooled);
        var chainBuild = Sampler.MicrosPerOp(runs, n, () =>
        {
            if (!trust.IsIssuedByAuthority(user, out var reason)) throw new InvalidOperationException(reason);
        });
        return new Ceilings(aes, chain, chainBesideAes, keygen, ecdh, import, sign, verify, step, stepPooled, chainBuild);
    }

    /// <summary>µs per TryOpen that takes a DH ratchet step: the two ratchets take turns, so every frame brings a new key.</summary>
    public static Figure DhStep(int runs, int turns, IRatchetKeySource keys)
    {
        using var pair = RatchetPair.Established(keys);
        var payload = new byte[64];
        return Figure.Of(Sampler.Samples(runs, () =>
        {
            double total = 0;
            for (var i = 0; i < turns; i++)
            {
                total += TimedOpen(pair.Alice.Seal(payload), pair.Bob);
                total += TimedOpen(pair.Bob.Seal(payload), pair.Alice);
            }
            return total / (2 * turns);
        }));
    }

    private static double TimedOpen(byte[] frame, DoubleRatchet receiver)
    {
        var start = Stopwatch.GetTimestamp();
        if (!receiver.TryOpen(frame.AsSpan(5), out _)) throw new InvalidOperationException("a ratchet frame did not open");
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
}
