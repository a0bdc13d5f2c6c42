using System.Security.Cryptography;

namespace Encryptio.Bench;

/// <summary>
/// One P-384 identity key shared by every simulated user (their certificates differ: one per UID, each
/// signed by the CA), so 10,000 users need no 10,000 key generations. Each thread signs with its own
/// ECDsa instance over the same parameters.
/// </summary>
public sealed class SharedUserKey : IDisposable
{
    private readonly ECParameters _parameters;
    private readonly ThreadLocal<ECDsa> _perThread;

    public SharedUserKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        _parameters = key.ExportParameters(includePrivateParameters: true);
        _perThread = new ThreadLocal<ECDsa>(() => ECDsa.Create(_parameters), trackAllValues: true);
    }

    public ECDsa Key => _perThread.Value!;

    /// <summary>P1363 over SHA-384, as a peer answers AuthChallenge.</summary>
    public byte[] Sign(byte[] data) => Key.SignData(data, HashAlgorithmName.SHA384);

    public void Dispose()
    {
        foreach (var key in _perThread.Values) key.Dispose();
        _perThread.Dispose();
    }
}
