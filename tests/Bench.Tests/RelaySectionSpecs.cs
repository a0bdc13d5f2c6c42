using System.Text.Json;
using Encryptio.Bench;
using Encryptio.Peer.Crypto;
using Encryptio.Testing;

namespace Encryptio.Benchmark.Tests;

/// The `relay` section runs end to end with tiny numbers: real sessions through a real relay beside the
/// same sessions direct. No thresholds (the figures depend on the machine); presence and sign only.
public sealed class RelaySectionSpecs
{
    private static readonly BenchOptions Tiny = BenchOptions.QuickRun with { Runs = 1, SmallMessages = 200, LargeMessages = 50, RoundTrips = 10 };

    [Fact]
    public void The_relay_section_measures_relayed_and_direct_side_by_side_and_reports_its_contract_fields()
    {
        var pki = new TestPki();
        using var system = BenchSystems.Local("relay-section-spec");
        using var rig = new SessionRig(system, pki);
        var relay = RelayBench.StartRelay(system, pki);

        var small = RelayBench.Measure(rig, relay, Tiny, RandomRatchetKeySource.Instance, 256, Tiny.SmallMessages);
        var large = RelayBench.Measure(rig, relay, Tiny, RandomRatchetKeySource.Instance, 4096, Tiny.LargeMessages);
        var section = Sections.Relay(small, large);

        using var json = JsonDocument.Parse(ReportJson.Write(new BenchReport(true, TimeSpan.FromSeconds(1), [section])));
        var figures = json.RootElement.GetProperty("relay");
        foreach (var field in new[] { "ratio", "ratio4k", "relayedPerSecond", "directPerSecond", "relayed4kPerSecond", "direct4kPerSecond" })
            figures.GetProperty(field).GetProperty("median").GetDouble().Should().BePositive($"relay.{field}");
        foreach (var field in new[] { "relayedP50Ms", "relayedP99Ms", "directP50Ms", "directP99Ms", "roundTrips" })
            figures.GetProperty(field).GetDouble().Should().BePositive($"relay.{field}");
        figures.TryGetProperty("addedP50Ms", out _).Should().BeTrue();
        figures.TryGetProperty("addedP99Ms", out _).Should().BeTrue();
        figures.GetProperty("goal").GetDouble().Should().Be(0.5);
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
    }
}
