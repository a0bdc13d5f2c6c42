using System.Text.Json;
using Encryptio.Host.Cli;

namespace Encryptio.Host.Tests.Cli;

/// `encryptio bench` starts the benchmark program beside it (this project references src/Bench, so its
/// build puts Encryptio.Benchmark beside encryptio, as a build of the solution does for src/Host).
public sealed class BenchLauncherSpecs
{
    [Fact]
    public void Encryptio_bench_runs_the_benchmark_beside_it_with_the_same_arguments_and_its_output()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CommandLine.Run(["bench", "--quick", "--json", "--only", "turn"], stdout, stderr);

        code.Should().Be(CommandLine.Success, stderr.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        var sections = document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => p.Name);
        sections.Should().BeEquivalentTo("ceilings", "turn");
        stderr.ToString().Should().Contain("bench: ping-pong turns", "the bench's progress reaches encryptio's stderr");
    }

    [Fact]
    public void Encryptio_bench_with_an_unknown_section_is_a_usage_error()
    {
        var stderr = new StringWriter();

        var code = CommandLine.Run(["bench", "--only", "everything"], new StringWriter(), stderr);

        code.Should().Be(CommandLine.Usage);
        stderr.ToString().Should().Contain("everything");
    }

    [Fact]
    public void Without_the_benchmark_beside_it_encryptio_bench_fails_with_one_line_saying_how_to_build_it()
    {
        var empty = System.IO.Directory.CreateTempSubdirectory("encryptio-no-bench-").FullName;
        try
        {
            var stderr = new StringWriter();

            var code = BenchLauncher.Run(["--quick"], new StringWriter(), stderr, empty);

            code.Should().Be(CommandLine.Failure);
            var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().ContainSingle().Which.Should().Contain("dotnet build src/Bench");
        }
        finally
        {
            System.IO.Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_shipped_program_cannot_see_the_cipher_seam()
    {
        var peerActors = typeof(Peer.Sessions.SessionSpec).Assembly;
        var friends = peerActors.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), false)
            .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

        friends.Should().NotContain(typeof(CommandLine).Assembly.GetName().Name);
        friends.Should().OnlyContain(name => name.Contains("Test") || name.Contains("Fuzz") || name.Contains("Benchmark"));
    }
}
