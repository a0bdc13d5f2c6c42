using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.Runtime.Tests.Pki;

public sealed class CertificateRoleTests
{
    private static readonly X509Certificate2 Authority = CertificateIssuer.CreateAuthority();
    private static readonly AuthorityTrust Trust = new(Authority);
    private static readonly X509Certificate2 Directory = CertificateIssuer.IssueDirectory(Authority, ["chat.example"]);
    private static readonly X509Certificate2 Alice = CertificateIssuer.IssueUser(Authority, Uid.Parse("alice"));

    private static string[] Usages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).ToArray();

    private static string[] Uris(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false).Split(", ")
            .Where(n => n.StartsWith("URI:", StringComparison.Ordinal)).Select(n => n[4..]).ToArray();

    [Fact]
    public void A_user_certificate_is_for_TLS_clients_only_and_carries_the_user_role_and_its_uid()
    {
        Usages(Alice).Should().BeEquivalentTo([CertificateRoles.ClientAuthOid, CertificateRoles.UserOid]);
        Uris(Alice).Should().Equal("encryptio:user:alice");
        CertificateRoles.Of(Alice, out _).Should().Be(CertificateRole.User);
    }

    [Fact]
    public void A_directory_certificate_serves_both_ends_of_an_association_and_carries_the_directory_role()
    {
        Usages(Directory).Should().BeEquivalentTo([CertificateRoles.ServerAuthOid, CertificateRoles.ClientAuthOid, CertificateRoles.DirectoryOid]);
        Uris(Directory).Should().Equal("encryptio:role:directory");
        CertificateRoles.Of(Directory, out _).Should().Be(CertificateRole.Directory);
        CertificateIssuer.HostsOf(Directory).Should().Contain(["chat.example", "localhost", "127.0.0.1"]);
    }

    [Fact]
    public void A_user_certificate_cannot_serve_as_a_directory()
    {
        var peerSide = MutualTls.Validator(Trust, CertificateRole.Directory);

        peerSide(Alice, null!, "ssl.tcp://encryptio-directory@127.0.0.1:4100", default, null!).Should().BeFalse();
        peerSide(Directory, null!, "ssl.tcp://encryptio-directory@127.0.0.1:4100", default, null!).Should().BeTrue();
    }

    [Fact]
    public void A_directory_certificate_cannot_pass_for_a_user()
    {
        var directorySide = MutualTls.Validator(Trust, CertificateRole.User);

        directorySide(Directory, null!, "[::ffff:127.0.0.1]:51234", default, null!).Should().BeFalse();
        Trust.IsIdentityOf(Directory, Uid.Parse(CertificateIssuer.DirectoryCommonName), out var reason).Should().BeFalse();
        reason.Should().Contain("has the directory role, not the user role");
    }

    [Fact]
    public void A_certificate_issued_before_roles_existed_is_refused_on_both_sides()
    {
        using var old = RoleLess(Authority, "alice");

        CertificateRoles.Of(old, out var reason).Should().BeNull();
        reason.Should().Contain("carries no Encryptio role");
        MutualTls.Validator(Trust, CertificateRole.Directory)(old, null!, "x", default, null!).Should().BeFalse();
        MutualTls.Validator(Trust, CertificateRole.User)(old, null!, "x", default, null!).Should().BeFalse();
    }

    [Fact]
    public void The_key_a_peer_saw_when_it_dialled_is_recorded_under_the_node_it_dialled_and_nothing_is_recorded_for_callers()
    {
        var seen = new HandshakeKeys();
        var validator = MutualTls.Validator(Trust, CertificateRole.Directory, seen);

        validator(Directory, null!, "ssl.tcp://encryptio-directory@127.0.0.1:4100", default, null!).Should().BeTrue();
        validator(Directory, null!, "[::ffff:127.0.0.1]:51234", default, null!).Should().BeTrue();

        seen.TryGet(Akka.Actor.Address.Parse("akka.ssl.tcp://encryptio-directory@127.0.0.1:4100"), out var key).Should().BeTrue();
        key.Should().Equal(CertificateRoles.KeyFingerprint(Directory));
        seen.TryGet(Akka.Actor.Address.Parse("akka.ssl.tcp://encryptio-directory@127.0.0.1:4101"), out _).Should().BeFalse();
    }

    [Fact]
    public void The_proof_transcript_names_the_directory_key_so_two_directories_never_share_one()
    {
        var other = CertificateIssuer.IssueDirectory(Authority, []);
        var nonce = new byte[AuthChallenge.NonceSize];
        var endpoint = new PeerEndpoint("127.0.0.1", 7000);

        var here = AuthTranscript.Build(CertificateRoles.KeyFingerprint(Directory), "encryptio-directory", nonce, Uid.Parse("alice"), endpoint);
        var there = AuthTranscript.Build(CertificateRoles.KeyFingerprint(other), "encryptio-directory", nonce, Uid.Parse("alice"), endpoint);

        here.Should().NotEqual(there);
        here.AsSpan(0, AuthTranscript.Label.Length).ToArray().Should().Equal(System.Text.Encoding.ASCII.GetBytes("encryptio/directory-auth/v2"));
    }

    /// <summary>A leaf as `init` and `enroll` made them before roles: serverAuth and clientAuth, nothing else.</summary>
    internal static X509Certificate2 RoleLess(X509Certificate2 authority, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateRoles.ServerAuthOid), new Oid(CertificateRoles.ClientAuthOid)], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, now.AddMinutes(-5), now.AddDays(30), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
