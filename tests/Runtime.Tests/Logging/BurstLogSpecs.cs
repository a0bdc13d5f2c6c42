using Encryptio.Runtime.Logging;

namespace Encryptio.Runtime.Tests.Logging;

public sealed class BurstLogSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_refusal_of_a_burst_speaks_and_the_rest_are_counted()
    {
        var log = new BurstLog<string>();

        log.Refused("a", T0, out var due).Should().BeTrue();
        due.Should().BeNull();
        Enumerable.Range(1, 9).Select(i => log.Refused("a", T0.AddMilliseconds(i), out _)).Should().AllBeEquivalentTo(false);
        log.Refused("b", T0, out _).Should().BeTrue("another key has its own burst");
    }

    [Fact]
    public void The_end_of_a_burst_sums_up_what_was_refused_and_what_was_not_logged()
    {
        var log = new BurstLog<string>();
        for (var i = 0; i < 10; i++) log.Refused("a", T0, out _);

        log.Ended("a", T0.AddSeconds(2)).Should().Be(new BurstLog<string>.Summary("a", 10, 9, TimeSpan.FromSeconds(2)));
        log.Ended("a", T0.AddSeconds(3)).Should().BeNull("the burst is over");
        log.Refused("a", T0.AddSeconds(4), out _).Should().BeTrue("a new burst speaks again");
    }

    [Fact]
    public void A_burst_of_one_ends_with_nothing_unlogged()
    {
        var log = new BurstLog<int>();
        log.Refused(1, T0, out _);

        log.Ended(1, T0).Should().Match<BurstLog<int>.Summary?>(s => s!.Value.Refused == 1 && s.Value.Unlogged == 0);
    }

    [Fact]
    public void A_flood_that_never_pauses_is_summed_up_once_per_period()
    {
        var log = new BurstLog<string>(TimeSpan.FromSeconds(60));
        log.Refused("a", T0, out _);
        log.Refused("a", T0.AddSeconds(30), out var early);
        log.Refused("a", T0.AddSeconds(60), out var due);
        log.Refused("a", T0.AddSeconds(61), out var after);

        early.Should().BeNull();
        due.Should().Be(new BurstLog<string>.Summary("a", 3, 2, TimeSpan.FromSeconds(60)));
        after.Should().BeNull("the next summary is a period after the last line");
        log.Ended("a", T0.AddSeconds(62))!.Value.Unlogged.Should().Be(1);
    }

    [Fact]
    public void Stopping_flushes_every_open_burst_once()
    {
        var log = new BurstLog<string>();
        log.Refused("a", T0, out _);
        log.Refused("a", T0, out _);
        log.Refused("b", T0, out _);

        log.Flush(T0.AddSeconds(1)).Select(s => (s.Key, s.Refused, s.Unlogged)).Should().BeEquivalentTo([("a", 2L, 1L), ("b", 1L, 0L)]);
        log.Flush(T0.AddSeconds(2)).Should().BeEmpty();
        log.Open.Should().Be(0);
    }
}
