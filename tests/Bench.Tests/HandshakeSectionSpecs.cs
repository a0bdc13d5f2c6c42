using System.Text.Json;
using Encryptio.Bench;

namespace Encryptio.Benchmark.Tests;

/// The handshake section says which key-pool-max-age its pooled figures were measured with (issue 10,
/// finding 6): a faster handshake bought with older keys would otherwise look like a free win.
public sealed class HandshakeSectionSpecs
{
    private static HandshakeFigures Figures(TimeSpan? maxAge)
    {
        var one = Figure.Of([1.0, 2.0, 3.0]);
        return new HandshakeFigures(one, 2, 3, 3, one, one, one, [], maxAge);
    }

    [Fact]
    public void The_handshake_section_reports_the_key_pool_max_age_it_ran_with_beside_the_existing_fields()
    {
        var section = Sections.Handshake(Figures(TimeSpan.FromSeconds(10)), Figures(null));

        using var json = JsonDocument.Parse(ReportJson.Write(new BenchReport(true, TimeSpan.FromSeconds(1), [section])));
        var handshake = json.RootElement.GetProperty("handshake");
        handshake.GetProperty("keyPoolMaxAgeS").GetDouble().Should().Be(10);
        foreach (var field in new[] { "ratio", "latencyMs", "p50Ms", "p99Ms", "serialOpsMs", "ratioFreshKeys", "handshakes", "goal" })
            handshake.TryGetProperty(field, out _).Should().BeTrue($"handshake.{field} is a contract field");
    }
}
