using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Host.Cli;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Tests.Pki;

/// <summary>
/// HOMEs made before certificates carried a role: refused with one line that says how to re-issue,
/// never used as they are (a role-less certificate could pose as either role), and `init --upgrade`
/// re-issues them under the same CA with the same keys.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RoleUpgradeTests : IDisposable
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private readonly TempHome _home = new();
    private readonly PkiStore _pki;

    public RoleUpgradeTests()
    {
        _pki = new PkiStore(_home.Path);
        _pki.Initialize(["chat.example"]);
        _pki.Enroll(Alice);
        MakeRoleLess(_pki.DirectoryCertificatePath, _pki.DirectoryKeyPath, CertificateIssuer.DirectoryCommonName);
        MakeRoleLess(_pki.UserCertificatePath(Alice), _pki.UserKeyPath(Alice), "alice");
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_directory_certificate_made_before_roles_is_refused_with_one_line_naming_init_upgrade()
    {
        var load = () => _pki.LoadDirectory();

        var error = load.Should().Throw<PkiException>().Which.Message;
        error.Should().Contain("issued before certificates carried a role").And.Contain("encryptio init --upgrade");
        error.Should().NotContain("\n");
    }

    [Fact]
    public void A_user_certificate_made_before_roles_is_refused_with_one_line_naming_init_upgrade_and_the_copy()
    {
        var load = () => _pki.LoadUser(Alice);

        var error = load.Should().Throw<PkiException>().Which.Message;
        error.Should().Contain("issued before certificates carried a role").And.Contain("init --upgrade").And.Contain("users/alice/");
        error.Should().NotContain("\n");
    }

    [Fact]
    public void Init_upgrade_reissues_both_with_their_roles_the_same_keys_and_the_same_hosts()
    {
        var directoryKey = PublicKeyOf(_pki.DirectoryCertificatePath);
        var aliceKey = PublicKeyOf(_pki.UserCertificatePath(Alice));
        var stdout = new StringWriter();

        CommandLine.Run(["init", "--upgrade", "--home", _home.Path], stdout, new StringWriter()).Should().Be(CommandLine.Success);

        stdout.ToString().Should().Contain($"re-issued {_pki.DirectoryCertificatePath}").And.Contain($"re-issued {_pki.UserCertificatePath(Alice)}");
        using var directory = _pki.LoadDirectory();
        using var alice = _pki.LoadUser(Alice);
        CertificateRoles.Of(directory, out _).Should().Be(CertificateRole.Directory);
        CertificateRoles.Of(alice, out _).Should().Be(CertificateRole.User);
        PublicKeyOf(_pki.DirectoryCertificatePath).Should().Equal(directoryKey);
        PublicKeyOf(_pki.UserCertificatePath(Alice)).Should().Equal(aliceKey, "pins and safety numbers must survive the upgrade");
        CertificateIssuer.HostsOf(directory).Should().Contain("chat.example");
        new PkiStore(_home.Path).Upgrade([]).Should().BeEmpty("a second upgrade has nothing left to do");
    }

    private static byte[] PublicKeyOf(string certificatePath)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return certificate.PublicKey.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Replaces the certificate with one as the old `init`/`enroll` made it (serverAuth + clientAuth, no role), same key.</summary>
    private void MakeRoleLess(string certificatePath, string keyPath, string commonName)
    {
        using var authority = _pki.LoadAuthorityWithKey();
        using var current = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        using var key = current.GetECDsaPrivateKey()!;
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CertificateRoles.ServerAuthOid), new Oid(CertificateRoles.ClientAuthOid)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("chat.example");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var old = request.Create(authority, now.AddMinutes(-5), now.AddDays(30), [0x11, 0x22, 0x33, 0x44]);
        File.WriteAllText(certificatePath, old.ExportCertificatePem() + "\n");
    }
}
