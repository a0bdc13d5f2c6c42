using System.Diagnostics;
using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// The P-384 operations a handshake needs on its critical path, run once each, right before each
/// handshake the bench times: its ratio is then taken against work measured side by side, not
/// against ceilings from a minute earlier (on a shared VM the same ECDH moved by 60 % within minutes).
/// 2 sign + 2 verify + 4 ECDH + 3 import, plus 3 keygen when keys are made on demand.
/// </summary>
public sealed class SerialOps : IDisposable
{
    private readonly ECDsa _signer = ECDsa.Create(P384.Curve);
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(200);
    private readonly byte[] _signature;
    private readonly ECDiffieHellman _own = P384.GenerateKeyPair();
    private readonly ECDiffieHellman _other = P384.GenerateKeyPair();
    private readonly byte[] _otherSec1;

    public SerialOps()
    {
        _signature = _signer.SignData(_data, HashAlgorithmName.SHA384);
        _otherSec1 = P384.ExportPublicKey(_other);
    }

    public double Millis(bool withKeygen)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < 2; i++)
        {
            _signer.SignData(_data, HashAlgorithmName.SHA384);
            if (!_signer.VerifyData(_data, _signature, HashAlgorithmName.SHA384)) throw new InvalidOperationException("bench signature did not verify");
        }
        for (var i = 0; i < 3; i++)
        {
            if (!P384.TryImportPublicKey(_otherSec1, out var imported)) throw new InvalidOperationException("bench import failed");
            using (imported) P384.DeriveSharedSecret(_own, imported);
        }
        using (var otherPublic = _other.PublicKey)
        {
            P384.DeriveSharedSecret(_own, otherPublic);
        }
        for (var i = 0; withKeygen && i < 3; i++)
        {
            using var key = P384.GenerateKeyPair();
            P384.ExportPublicKey(key);
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public void Dispose()
    {
        _signer.Dispose();
        _own.Dispose();
        _other.Dispose();
    }
}
