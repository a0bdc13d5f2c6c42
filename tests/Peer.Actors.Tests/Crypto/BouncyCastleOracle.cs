using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// The protocol's primitives recomputed with BouncyCastle only, as a second opinion on the
/// System.Security.Cryptography implementation.
internal static class BouncyCastleOracle
{
    private static readonly ECDomainParameters Domain = new(ECNamedCurveTable.GetByName("secp384r1"));

    public static byte[] Ecdh(ECParameters own, byte[] peerSec1)
    {
        var agreement = new ECDHBasicAgreement();
        agreement.Init(new ECPrivateKeyParameters(new BigInteger(1, own.D), Domain));
        var secret = agreement.CalculateAgreement(new ECPublicKeyParameters(Domain.Curve.DecodePoint(peerSec1), Domain));
        return BigIntegers.AsUnsignedByteArray(48, secret);
    }

    public static byte[] PublicKey(ECParameters key) =>
        Domain.G.Multiply(new BigInteger(1, key.D)).Normalize().GetEncoded(compressed: false);

    public static byte[] Sha384(params byte[][] parts)
    {
        var digest = new Sha384Digest();
        foreach (var part in parts) digest.BlockUpdate(part, 0, part.Length);
        var output = new byte[48];
        digest.DoFinal(output, 0);
        return output;
    }

    public static byte[] Hkdf(byte[] ikm, byte[] salt, byte[] info, int length)
    {
        var hkdf = new HkdfBytesGenerator(new Sha384Digest());
        hkdf.Init(new HkdfParameters(ikm, salt, info));
        var output = new byte[length];
        hkdf.GenerateBytes(output, 0, length);
        return output;
    }

    public static byte[] HmacSha384(byte[] key, byte message)
    {
        var hmac = new HMac(new Sha384Digest());
        hmac.Init(new KeyParameter(key));
        hmac.Update(message);
        var output = new byte[48];
        hmac.DoFinal(output, 0);
        return output;
    }

    /// ciphertext | tag.
    public static byte[] AesGcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
    {
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce, aad));
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        gcm.DoFinal(output, written);
        return output;
    }
}
