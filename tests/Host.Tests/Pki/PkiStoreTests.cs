using System.Security.Cryptography.X509Certificates;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Tests.Pki;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the Unix rule
public sealed class PkiStoreTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly Uid Alice = Uid.Parse("alice");

    private readonly TempHome _home = new();
    private readonly PkiStore _pki;

    public PkiStoreTests()
    {
        _pki = new PkiStore(_home.Path);
        _pki.Initialize(["chat.example"]);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Every_private_key_is_created_with_mode_0600()
    {
        _pki.Enroll(Alice);

        foreach (var key in new[] { _pki.AuthorityKeyPath, _pki.DirectoryKeyPath, _pki.UserKeyPath(Alice) })
            File.GetUnixFileMode(key).Should().Be(OwnerReadWrite, $"{key} holds a private key");
    }

    [Fact]
    public void Private_keys_are_pkcs8_pem()
    {
        _pki.Enroll(Alice);

        File.ReadAllText(_pki.UserKeyPath(Alice)).Should().StartWith("-----BEGIN PRIVATE KEY-----");
        File.ReadAllText(_pki.UserCertificatePath(Alice)).Should().StartWith("-----BEGIN CERTIFICATE-----");
    }

    [Fact]
    public void A_world_readable_user_key_is_refused_with_a_message_naming_chmod()
    {
        _pki.Enroll(Alice);
        File.SetUnixFileMode(_pki.UserKeyPath(Alice), OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var load = () => _pki.LoadUser(Alice);

        load.Should().Throw<PkiException>()
            .Which.Message.Should().Contain("chmod 600").And.Contain(_pki.UserKeyPath(Alice)).And.Contain("644");
    }

    [Fact]
    public void A_group_readable_ca_key_is_refused_before_enrolling()
    {
        File.SetUnixFileMode(_pki.AuthorityKeyPath, OwnerReadWrite | UnixFileMode.GroupRead);

        var enroll = () => _pki.Enroll(Alice);

        enroll.Should().Throw<PkiException>().Which.Message.Should().Contain("chmod");
        _pki.HasUser(Alice).Should().BeFalse();
    }

    [Fact]
    public void The_ca_certificate_is_a_certificate_authority()
    {
        using var ca = _pki.LoadAuthority();

        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Should().ContainSingle().Subject;
        constraints.CertificateAuthority.Should().BeTrue();
        constraints.Critical.Should().BeTrue();
        ca.SubjectName.RawData.Should().Equal(ca.IssuerName.RawData, "the CA is self-signed");
        ca.GetECDsaPublicKey()!.KeySize.Should().Be(384);
    }

    [Fact]
    public void A_user_certificate_names_the_uid_is_not_a_ca_and_chains_to_the_ca()
    {
        _pki.Enroll(Alice);
        using var user = _pki.LoadUser(Alice);
        var trust = new AuthorityTrust(_pki.LoadAuthority());

        user.GetNameInfo(X509NameType.SimpleName, false).Should().Be("alice");
        user.HasPrivateKey.Should().BeTrue();
        user.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        trust.IsIssuedByAuthority(user, out var reason).Should().BeTrue(reason);
        trust.IsIdentityOf(user, Alice, out reason).Should().BeTrue(reason);
    }

    [Fact]
    public void The_directory_certificate_chains_to_the_ca_and_names_its_hosts()
    {
        using var directory = _pki.LoadDirectory();
        var trust = new AuthorityTrust(_pki.LoadAuthority());

        trust.IsIssuedByAuthority(directory, out var reason).Should().BeTrue(reason);
        directory.MatchesHostname("chat.example").Should().BeTrue();
        directory.MatchesHostname("localhost").Should().BeTrue();
        directory.MatchesHostname("127.0.0.1").Should().BeTrue();
    }

    [Fact]
    public void A_certificate_from_another_ca_is_not_issued_by_the_authority_and_says_why()
    {
        using var otherCa = CertificateIssuer.CreateAuthority("Mallory CA");
        using var forged = CertificateIssuer.IssueUser(otherCa, Alice);
        var trust = new AuthorityTrust(_pki.LoadAuthority());

        trust.IsIssuedByAuthority(forged, out var reason).Should().BeFalse();
        reason.Should().Contain("does not chain to the Encryptio CA");
        trust.IsIdentityOf(forged, Alice, out reason).Should().BeFalse();
        reason.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Another_ca_itself_is_not_issued_by_the_authority()
    {
        using var otherCa = CertificateIssuer.CreateAuthority();
        var trust = new AuthorityTrust(_pki.LoadAuthority());

        trust.IsIssuedByAuthority(otherCa, out var reason).Should().BeFalse();
        reason.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void A_user_certificate_is_not_the_identity_of_another_uid()
    {
        _pki.Enroll(Alice);
        using var user = _pki.LoadUser(Alice);
        var trust = new AuthorityTrust(_pki.LoadAuthority());

        trust.IsIdentityOf(user, Uid.Parse("bob"), out var reason).Should().BeFalse();
        reason.Should().Contain("'alice'").And.Contain("'bob'");
    }

    [Fact]
    public void A_revoked_certificate_is_refused_with_its_serial()
    {
        _pki.Enroll(Alice);
        using var user = _pki.LoadUser(Alice);
        var trust = new AuthorityTrust(_pki.LoadAuthority()) { IsRevoked = c => c.SerialNumber == user.SerialNumber };

        trust.IsIssuedByAuthority(user, out var reason).Should().BeFalse();
        reason.Should().Contain("revoked").And.Contain(user.SerialNumber);
    }

    [Fact]
    public void Initialize_refuses_to_replace_an_existing_ca()
    {
        var before = File.ReadAllBytes(_pki.AuthorityKeyPath);

        var again = () => _pki.Initialize([]);

        again.Should().Throw<PkiException>().Which.Message.Should().Contain("refusing to replace the CA");
        File.ReadAllBytes(_pki.AuthorityKeyPath).Should().Equal(before);
    }

    [Fact]
    public void Enroll_refuses_to_replace_an_existing_identity()
    {
        _pki.Enroll(Alice);
        var before = File.ReadAllBytes(_pki.UserKeyPath(Alice));

        var again = () => _pki.Enroll(Alice);

        again.Should().Throw<PkiException>().Which.Message.Should().Contain("already enrolled");
        File.ReadAllBytes(_pki.UserKeyPath(Alice)).Should().Equal(before);
    }

    [Fact]
    public void Loading_a_user_who_is_not_enrolled_explains_how_to_enroll()
    {
        var load = () => _pki.LoadUser(Uid.Parse("bob"));

        load.Should().Throw<PkiException>().Which.Message.Should().Contain("encryptio enroll bob");
    }
}
