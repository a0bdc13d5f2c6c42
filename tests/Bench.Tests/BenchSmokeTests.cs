using System.Text.Json;
using Encryptio.Bench;

namespace Encryptio.Benchmark.Tests;

/// The bench program with `--quick --json` (what `encryptio bench --quick --json` starts) runs end to end and fills the contract fields. No thresholds: the
/// figures depend on the machine; only their presence and sign are checked.
public sealed class BenchSmokeTests
{
    [Fact]
    public void Bench_quick_json_reports_every_contract_field_as_a_positive_number()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = BenchCommand.Run(["--quick", "--json"], stdout, stderr);

        code.Should().Be(BenchCommand.Success, stderr.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        var root = document.RootElement;
        foreach (var (section, field) in new[]
                 {
                     ("session", "ratio"), ("handshake", "ratio"), ("turn", "ratio"), ("directory", "ratio"), ("directory", "bytesPerUser"),
                     ("session", "encryptedPerSecond"), ("session", "unencryptedPerSecond"), ("session", "ratioToRawLink"),
                     ("session", "encryptedCpuUsPerMessage"), ("session", "cpuOverCrypto"), ("session", "sealOpenUs"),
                     ("session", "allocatedBytesPerMessage"), ("handshake", "latencyMs"), ("turn", "roundTripMs"), ("directory", "registrationsPerSecond"),
                     ("relay", "ratio"), ("relay", "ratio4k"),
                 })
        {
            var figure = root.GetProperty(section).GetProperty(field);
            foreach (var part in new[] { "median", "min", "max" })
                figure.GetProperty(part).GetDouble().Should().BePositive($"{section}.{field}.{part}");
        }
        root.GetProperty("session").GetProperty("hopsPerMessage").GetDouble().Should().BePositive();
        root.GetProperty("directory").GetProperty("users").GetDouble().Should().BePositive();
        root.GetProperty("handshake").GetProperty("p50Ms").GetDouble().Should().BePositive();
        root.GetProperty("handshake").GetProperty("serialOps").GetString().Should().Contain("ECDH");
        root.GetProperty("handshake").GetProperty("phases").GetString().Should().NotBe("not recorded",
            "the phases are seen through the cipher seam and the stand-in node");
    }

    [Fact]
    public void Bench_only_measures_the_sections_it_is_given_and_the_ceilings()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = BenchCommand.Run(["--quick", "--json", "--only", "turn"], stdout, stderr);

        code.Should().Be(BenchCommand.Success, stderr.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        var sections = document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object).Select(p => p.Name);
        sections.Should().BeEquivalentTo("ceilings", "turn");
    }

    [Fact]
    public void Bench_only_with_an_unknown_section_is_a_usage_error()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = BenchCommand.Run(["--only", "everything"], stdout, stderr);

        code.Should().Be(BenchCommand.Usage);
        stderr.ToString().Should().Contain("everything");
    }
}
