using System.Net;
using System.Net.Sockets;
using Encryptio.Host.Cli;
using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;

namespace Encryptio.Host.Tests.Nodes;

/// <summary>`encryptio directory --cluster-port N [--seed H:N]...`: what an operator sees when a node cannot start.</summary>
public sealed class ClusterHostSpecs : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Code, string[] Errors)> RunAsync(params string[] args)
    {
        var stderr = new StringWriter();
        var run = Task.Run(() => CommandLine.Run(args, TextWriter.Null, stderr));
        (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)))).Should().Be(run, "a node that cannot start must say so and exit, not run");
        var errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("encryptio:", StringComparison.Ordinal) && !l.Contains("created a new CA", StringComparison.Ordinal)).ToArray();
        return (await run, errors);
    }

    [Theory]
    [InlineData("--cluster-port")]
    [InlineData("--port")]
    public async Task A_taken_port_is_one_line_naming_the_option_and_exit_1(string option)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString();
        var args = option == "--port"
            ? new[] { "directory", "--home", _home.Path, "--port", port, "--cluster-port", "0" }
            : ["directory", "--home", _home.Path, "--port", "0", "--cluster-port", port];

        var (code, errors) = await RunAsync(args);

        code.Should().Be(CommandLine.Failure);
        errors.Should().ContainSingle().Which.Should().Be($"encryptio: {option} {port}: cannot listen on 127.0.0.1:{port}: the port is already in use");
    }

    [Fact]
    public void An_unreachable_seed_is_one_line_naming_it()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var options = new DirectoryHost.Options(_home.Path, "127.0.0.1", 0, ClusterPort: 0, Seeds: [$"127.0.0.1:{port}"], JoinTimeout: TimeSpan.FromSeconds(2));

        var start = () => DirectoryHost.Start(options, _ => { });

        start.Should().Throw<NodeStartException>().Which.Message.Should()
            .StartWith($"could not join the directory cluster through --seed 127.0.0.1:{port} within 2s").And.NotContain("\n");
    }

    [Fact]
    public async Task A_directory_node_with_a_user_certificate_is_refused_in_one_line()
    {
        var pki = new PkiStore(_home.Path);
        pki.Initialize([]);
        pki.Enroll(Uid.Parse("mallory"));
        // Mallory puts her own certificate where the directory's lives.
        File.Copy(pki.UserCertificatePath(Uid.Parse("mallory")), pki.DirectoryCertificatePath, overwrite: true);
        File.Copy(pki.UserKeyPath(Uid.Parse("mallory")), pki.DirectoryKeyPath, overwrite: true);

        var (code, errors) = await RunAsync("directory", "--home", _home.Path, "--port", "0", "--cluster-port", "0");

        code.Should().Be(CommandLine.Failure);
        errors.Should().ContainSingle().Which.Should().Contain("is not a directory certificate");
    }

    [Fact]
    public async Task A_seed_without_a_cluster_port_is_a_usage_error()
    {
        var (code, errors) = await RunAsync("directory", "--home", _home.Path, "--seed", "127.0.0.1:25520");

        code.Should().Be(CommandLine.Usage);
        errors.Should().Contain("encryptio: --seed needs --cluster-port: seeds are other nodes' cluster ports");
    }
}
