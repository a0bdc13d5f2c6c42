using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// P-384 key handling in the wire encoding: SEC1 uncompressed points, raw ECDH secrets.
public static class P384
{
    public const int CoordinateLength = 48;
    public const int PublicKeyLength = WireSizes.PublicKeyLength;
    public const int SharedSecretLength = CoordinateLength;

    private const byte UncompressedPointTag = 0x04;

    public static ECCurve Curve => ECCurve.NamedCurves.nistP384;

    public static ECDiffieHellman GenerateKeyPair() => ECDiffieHellman.Create(Curve);

    /// 0x04 | X[48] | Y[48]. Coordinates are right-aligned so a short export still lands on 97 bytes.
    public static byte[] ExportPublicKey(ECAlgorithm key)
    {
        var bytes = new byte[PublicKeyLength];
        ExportPublicKey(key, bytes);
        return bytes;
    }

    public static void ExportPublicKey(ECAlgorithm key, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(key);
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        destination[..PublicKeyLength].Clear();
        destination[0] = UncompressedPointTag;
        q.X.AsSpan().CopyTo(destination.Slice(1 + CoordinateLength - q.X!.Length, q.X.Length));
        q.Y.AsSpan().CopyTo(destination.Slice(1 + 2 * CoordinateLength - q.Y!.Length, q.Y.Length));
    }

    public static ECParameters ToParameters(ReadOnlySpan<byte> sec1, ReadOnlySpan<byte> privateScalar = default) => new()
    {
        Curve = Curve,
        Q = new ECPoint
        {
            X = sec1.Slice(1, CoordinateLength).ToArray(),
            Y = sec1.Slice(1 + CoordinateLength, CoordinateLength).ToArray(),
        },
        D = privateScalar.IsEmpty ? null : privateScalar.ToArray(),
    };

    /// Imports a peer's ratchet or ephemeral key. The platform checks that the point is on the curve
    /// and throws when it is not; that (like a wrong length or tag) is a clean false here.
    public static bool TryImportPublicKey(ReadOnlySpan<byte> sec1, [NotNullWhen(true)] out ECDiffieHellmanPublicKey? key)
    {
        key = null;
        if (sec1.Length != PublicKeyLength || sec1[0] != UncompressedPointTag) return false;
        try
        {
            using var holder = ECDiffieHellman.Create(ToParameters(sec1));
            key = holder.PublicKey;
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// The raw 48-byte x coordinate. DeriveKeyMaterial would hash it (SHA-256) and break the protocol.
    public static byte[] DeriveSharedSecret(ECDiffieHellman own, ECDiffieHellmanPublicKey peer) =>
        own.DeriveRawSecretAgreement(peer);
}
