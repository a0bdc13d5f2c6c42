using Encryptio.Host.Cli;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;

namespace Encryptio.Host.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        public string[] ErrorLines => StderrLines.Where(l => l.StartsWith("encryptio:", StringComparison.Ordinal)).ToArray();
    }

    private static Outcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CommandLine.Run(args, stdout, stderr);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void An_unknown_verb_exits_2_with_the_usage_text_on_stderr()
    {
        var outcome = Run("frobnicate");

        outcome.ExitCode.Should().Be(CommandLine.Usage).And.Be(2);
        outcome.Stdout.Should().BeEmpty();
        outcome.Stderr.Should().Contain("frobnicate");
        outcome.Stderr.Should().Contain("Usage:").And.Contain("enroll").And.Contain("peer");
    }

    [Theory]
    [InlineData("peer", "alice", "--p2p-port", "abc")]
    [InlineData("directory", "--port", "12x")]
    [InlineData("directory", "--relay-port", "relay")]
    public void A_port_that_is_not_a_number_exits_2_with_one_line_naming_the_option_not_a_dotnet_type(params string[] args)
    {
        var outcome = Run(args);

        outcome.ExitCode.Should().Be(CommandLine.Usage);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Be($"encryptio: {args[^2]}: '{args[^1]}' is not a TCP port (0-65535)");
        outcome.Stderr.Should().NotContain("System.");
    }

    [Fact]
    public void A_relay_mode_that_is_not_never_fallback_or_always_exits_2_with_one_line()
    {
        var outcome = Run("peer", "alice", "--home", _home.Path, "--relay", "sometimes");

        outcome.ExitCode.Should().Be(CommandLine.Usage);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Be("encryptio: --relay: 'sometimes' is not never, fallback or always");
    }

    [Fact]
    public void A_relay_port_out_of_range_exits_2_with_one_line()
    {
        var outcome = Run("directory", "--home", _home.Path, "--relay-port", "70000");

        outcome.ExitCode.Should().Be(CommandLine.Usage);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("--relay-port: 70000");
    }

    [Fact]
    public void A_relay_advertise_that_is_not_host_colon_port_exits_2_with_one_line()
    {
        var outcome = Run("directory", "--home", _home.Path, "--relay-advertise", "relay.example.com");

        outcome.ExitCode.Should().Be(CommandLine.Usage);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().StartWith("encryptio: --relay-advertise:");
    }

    [Fact]
    public void An_unknown_option_exits_2_with_the_usage_text_on_stderr()
    {
        var outcome = Run("init", "--home", _home.Path, "--frobnicate");

        outcome.ExitCode.Should().Be(2);
        outcome.Stderr.Should().Contain("--frobnicate").And.Contain("Usage:");
        File.Exists(Path.Combine(_home.Path, "ca", "ca.crt")).Should().BeFalse("a bad command line must not create anything");
    }

    [Fact]
    public void Enroll_with_an_invalid_uid_exits_2_with_one_error_line_naming_the_uid_rule()
    {
        var outcome = Run("enroll", "Bad UID", "--home", _home.Path);

        outcome.ExitCode.Should().Be(2);
        outcome.ErrorLines.Should().ContainSingle()
            .Which.Should().Contain("Bad UID").And.Contain("lowercase letter");
        System.IO.Directory.Exists(Path.Combine(_home.Path, "users")).Should().BeFalse();
    }

    [Fact]
    public void Peer_with_a_directory_list_naming_one_node_twice_exits_2_saying_so()
    {
        var outcome = Run("peer", "bob", "--home", _home.Path, "--directory", "127.0.0.1:4053,127.0.0.1:4053");

        outcome.ExitCode.Should().Be(2);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("--directory").And.Contain("listed twice");
    }

    [Fact]
    public void Peer_with_a_directory_that_is_not_host_port_exits_2_naming_the_option()
    {
        var outcome = Run("peer", "bob", "--home", _home.Path, "--directory", "nonsense");

        outcome.ExitCode.Should().Be(2);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("--directory").And.Contain("HOST:PORT");
    }

    [Fact]
    public void Init_then_enroll_exit_0_and_leave_the_ca_directory_and_user_files_in_home()
    {
        var init = Run("init", "--home", _home.Path);
        var enroll = Run("enroll", "alice", "--home", _home.Path);

        init.ExitCode.Should().Be(0, init.Stderr);
        enroll.ExitCode.Should().Be(0, enroll.Stderr);
        enroll.Stdout.Should().Contain("alice");
        foreach (var file in new[] { "ca/ca.crt", "ca/ca.key", "directory/directory.crt", "directory/directory.key", "users/alice/identity.crt", "users/alice/identity.key" })
            File.Exists(Path.Combine(_home.Path, file)).Should().BeTrue($"{file} should exist");
    }

    [Fact]
    public void Enrolling_the_same_uid_twice_exits_1_with_one_line()
    {
        Run("init", "--home", _home.Path).ExitCode.Should().Be(0);
        Run("enroll", "alice", "--home", _home.Path).ExitCode.Should().Be(0);
        var certificate = File.ReadAllText(Path.Combine(_home.Path, "users", "alice", "identity.crt"));

        var again = Run("enroll", "alice", "--home", _home.Path);

        again.ExitCode.Should().Be(1);
        again.StderrLines.Should().ContainSingle().Which.Should().Contain("alice").And.Contain("already enrolled");
        File.ReadAllText(Path.Combine(_home.Path, "users", "alice", "identity.crt")).Should().Be(certificate, "the first identity is kept");
    }

    [Fact]
    public void Enroll_without_a_ca_exits_1_with_one_line()
    {
        var outcome = Run("enroll", "alice", "--home", _home.Path);

        outcome.ExitCode.Should().Be(1);
        outcome.StderrLines.Should().ContainSingle().Which.Should().Contain("ca.crt");
    }

    [Fact]
    public void Init_twice_exits_1_and_keeps_the_first_ca()
    {
        Run("init", "--home", _home.Path).ExitCode.Should().Be(0);
        var ca = File.ReadAllText(Path.Combine(_home.Path, "ca", "ca.crt"));

        var again = Run("init", "--home", _home.Path);

        again.ExitCode.Should().Be(1);
        again.StderrLines.Should().ContainSingle().Which.Should().Contain("refusing to replace the CA");
        File.ReadAllText(Path.Combine(_home.Path, "ca", "ca.crt")).Should().Be(ca);
    }

    [Fact]
    public async Task Peer_in_a_home_without_the_ca_key_or_an_enrollment_exits_1_explaining_how_to_enroll()
    {
        // If this path reached the ActorSystem it would block until shutdown: bound the wait.
        var outcome = await Task.Run(() => Run("peer", "alice", "--home", _home.Path, "--json")).WaitAsync(TimeSpan.FromSeconds(30));

        outcome.ExitCode.Should().Be(1);
        outcome.Stdout.Should().BeEmpty();
        outcome.StderrLines.Should().ContainSingle()
            .Which.Should().Contain("not enrolled").And.Contain("encryptio enroll alice");
        new PkiStore(_home.Path).HasUser(Uid.Parse("alice")).Should().BeFalse();
    }

    [Fact]
    public void Home_prefers_the_option_over_the_environment()
    {
        CommandLine.Home("/some/where").Should().Be("/some/where");
    }
}
