using System.Security.Cryptography;
using Encryptio.Host.Cli;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Runtime.Pki;

namespace Encryptio.Host.Tests.Pki;

/// <summary>`encryptio directory-cert --out DIR [--host H]...`: the HOME of a further directory node, for another machine.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the Unix rule
public sealed class DirectoryCertTests : IDisposable
{
    private readonly TempHome _home = new();
    private readonly TempHome _elsewhere = new();

    public void Dispose()
    {
        _home.Dispose();
        _elsewhere.Dispose();
    }

    private string NodeHome => Path.Combine(_elsewhere.Path, "node2");

    private static (int Code, string Stdout, string[] Errors) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr);
        var errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("encryptio:", StringComparison.Ordinal)).ToArray();
        return (code, stdout.ToString(), errors);
    }

    [Fact]
    public void Directory_cert_writes_a_home_with_the_ca_certificate_and_a_directory_certificate_of_its_own_but_never_the_ca_key()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);

        var (code, stdout, errors) = Run("directory-cert", "--home", _home.Path, "--out", NodeHome, "--host", "node2.example", "--host", "10.0.0.2");

        code.Should().Be(CommandLine.Success, string.Join("\n", errors));
        stdout.Should().Contain(NodeHome).And.Contain("--seed");
        var source = new PkiStore(_home.Path);
        var node = new PkiStore(NodeHome);
        File.Exists(node.AuthorityKeyPath).Should().BeFalse("the CA key stays where it is");
        File.ReadAllText(node.AuthorityCertificatePath).Should().Be(File.ReadAllText(source.AuthorityCertificatePath));
        File.GetUnixFileMode(node.DirectoryKeyPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var issued = node.LoadDirectory();
        using var own = source.LoadDirectory();
        new AuthorityTrust(source.LoadAuthority()).IsIssuedFor(issued, CertificateRole.Directory, out var reason).Should().BeTrue(reason);
        CryptographicOperations.FixedTimeEquals(CertificateRoles.KeyFingerprint(issued), CertificateRoles.KeyFingerprint(own))
            .Should().BeFalse("each node has a key of its own");
        CertificateIssuer.HostsOf(issued).Should().Contain(["node2.example", "10.0.0.2"]);
    }

    [Fact]
    public void Directory_cert_copies_the_revocation_list_so_the_new_node_refuses_revoked_users_from_its_first_start()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);
        Run("enroll", "mallory", "--home", _home.Path).Code.Should().Be(0);
        Run("revoke", "mallory", "--home", _home.Path).Code.Should().Be(0);

        Run("directory-cert", "--home", _home.Path, "--out", NodeHome).Code.Should().Be(CommandLine.Success);

        File.ReadAllText(new PkiStore(NodeHome).RevocationListPath).Should().Be(File.ReadAllText(new PkiStore(_home.Path).RevocationListPath));
    }

    [Fact]
    public void Directory_cert_without_out_is_a_usage_error_naming_the_option()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);

        var (code, _, errors) = Run("directory-cert", "--home", _home.Path);

        code.Should().Be(CommandLine.Usage);
        errors.Should().ContainSingle().Which.Should().Contain("--out");
    }

    [Fact]
    public void Directory_cert_into_a_folder_that_already_holds_a_node_exits_1_and_keeps_its_certificate()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);
        Run("directory-cert", "--home", _home.Path, "--out", NodeHome).Code.Should().Be(0);
        var first = File.ReadAllText(new PkiStore(NodeHome).DirectoryCertificatePath);

        var (code, _, errors) = Run("directory-cert", "--home", _home.Path, "--out", NodeHome);

        code.Should().Be(CommandLine.Failure);
        errors.Should().ContainSingle().Which.Should().Contain("refusing to replace");
        File.ReadAllText(new PkiStore(NodeHome).DirectoryCertificatePath).Should().Be(first);
    }

    [Fact]
    public void Directory_cert_into_home_itself_exits_1_and_keeps_the_home_directory_certificate()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);
        var own = File.ReadAllText(new PkiStore(_home.Path).DirectoryCertificatePath);

        var (code, _, errors) = Run("directory-cert", "--home", _home.Path, "--out", _home.Path + "/");

        code.Should().Be(CommandLine.Failure);
        errors.Should().ContainSingle().Which.Should().Contain("is this HOME");
        File.ReadAllText(new PkiStore(_home.Path).DirectoryCertificatePath).Should().Be(own);
    }

    [Fact]
    public void Directory_cert_where_the_ca_key_is_not_exits_1_with_one_line_and_writes_nothing()
    {
        Run("init", "--home", _home.Path).Code.Should().Be(0);
        File.Delete(new PkiStore(_home.Path).AuthorityKeyPath);

        var (code, _, errors) = Run("directory-cert", "--home", _home.Path, "--out", NodeHome);

        code.Should().Be(CommandLine.Failure);
        errors.Should().ContainSingle().Which.Should().Contain("ca.key");
        System.IO.Directory.Exists(NodeHome).Should().BeFalse();
    }
}
