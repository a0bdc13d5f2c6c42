using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class P384Specs
{
    [Fact]
    public void A_public_key_exports_as_97_bytes_of_SEC1_uncompressed_point()
    {
        using var key = Vectors.EphemeralKeyPair("ephD");

        P384.ExportPublicKey(key).Should().Equal(Vectors.PublicKey("ephD"));
    }

    [Fact]
    public void An_exported_key_imports_back_and_agrees_on_the_same_secret()
    {
        using var mine = P384.GenerateKeyPair();
        using var theirs = P384.GenerateKeyPair();

        P384.TryImportPublicKey(P384.ExportPublicKey(theirs), out var imported).Should().BeTrue();
        using (imported)
        {
            P384.DeriveSharedSecret(mine, imported!).Should().Equal(P384.DeriveSharedSecret(theirs, mine.PublicKey))
                .And.HaveCount(P384.SharedSecretLength);
        }
    }

    [Fact]
    public void Off_curve_zero_compressed_or_wrongly_sized_points_are_refused_without_throwing()
    {
        var valid = Vectors.PublicKey("ephL");
        var offCurve = valid.ToArray();
        offCurve[^1] ^= 1;
        var compressedTag = valid.ToArray();
        compressedTag[0] = 0x02;
        var zero = new byte[97];
        zero[0] = 4;

        foreach (var bad in new[] { offCurve, compressedTag, zero, valid[..96], [.. valid, 0], Array.Empty<byte>() })
            P384.TryImportPublicKey(bad, out _).Should().BeFalse();
    }

    [Fact]
    public void The_identity_scalar_with_a_leading_zero_imports_untrimmed()
    {
        using var bob = Vectors.IdentityPrivate("bob");
        var signature = bob.SignData([1, 2, 3], HashAlgorithmName.SHA384);

        signature.Should().HaveCount(96, "SignData gives IEEE P1363 r | s");
        Handshake.VerifySignature(Vectors.IdentityPublic("bob"), [1, 2, 3], signature).Should().BeTrue();
    }
}
