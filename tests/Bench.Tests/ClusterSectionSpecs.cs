using System.Text.Json;
using Encryptio.Bench;

namespace Encryptio.Benchmark.Tests;

/// The bench's `cluster` section (issue 12): three clustered directory nodes in one process beside one
/// node, real Akka.Remote with mutual TLS, a node stopped as after a crash. Tiny numbers (--quick); no
/// thresholds, the figures depend on the machine: only that the section runs and fills its fields.
public sealed class ClusterSectionSpecs
{
    [Fact]
    public void The_cluster_section_runs_with_tiny_numbers_and_reports_its_fields()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = BenchCommand.Run(["--quick", "--json", "--only", "cluster"], stdout, stderr);

        code.Should().Be(BenchCommand.Success, stderr.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        var cluster = document.RootElement.GetProperty("cluster");
        foreach (var field in new[] { "registrationsPerSecond", "singleNodePerSecond", "ratio" })
            foreach (var part in new[] { "median", "min", "max" })
                cluster.GetProperty(field).GetProperty(part).GetDouble().Should().BePositive($"cluster.{field}.{part}");
        cluster.GetProperty("bytesPerUserPerNode").GetProperty("median").ValueKind.Should().Be(JsonValueKind.Number);
        cluster.GetProperty("failoverUsers").GetDouble().Should().Be(15, "a third of the 45 users were registered at the stopped node");
        cluster.GetProperty("failoverP50Ms").GetDouble().Should().BePositive();
        cluster.GetProperty("failoverP99Ms").GetDouble().Should().BeGreaterThanOrEqualTo(cluster.GetProperty("failoverP50Ms").GetDouble());
        cluster.GetProperty("users").GetDouble().Should().Be(45);
        stderr.ToString().Should().Contain("registered again", "every user of the stopped node registered at a survivor");
    }

    [Fact]
    public void Bench_users_sets_how_many_users_the_directory_section_registers()
    {
        var options = BenchOptions.Full.WithDirectoryUsers(1_000);

        (options.DirectoryWarmupUsers + options.DirectoryUsers).Should().Be(1_000);
        (BenchOptions.Full.DirectoryWarmupUsers + BenchOptions.Full.DirectoryUsers).Should().Be(100_000, "issue 12: 100,000 users on one node by default");
    }

    [Fact]
    public void Bench_users_below_a_hundred_is_a_usage_error()
    {
        var stderr = new StringWriter();

        BenchCommand.Run(["--users", "10"], new StringWriter(), stderr).Should().Be(BenchCommand.Usage);
        stderr.ToString().Should().Contain("--users");
    }
}
