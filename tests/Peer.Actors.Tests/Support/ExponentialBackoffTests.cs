using Encryptio.Peer.Support;

namespace Encryptio.Peer.Actors.Tests.Support;

public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>A Random whose NextDouble is always the same value, to pin the jitter.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        protected override double Sample() => value;
        public override double NextDouble() => value;
    }

    private static ExponentialBackoff WithoutJitter() => new(Min, Max, new FixedRandom(0));
    private static ExponentialBackoff WithFullJitter() => new(Min, Max, new FixedRandom(0.999999));

    [Fact]
    public void The_first_attempt_waits_the_minimum()
    {
        WithoutJitter().Delay(1).Should().Be(Min);
    }

    [Fact]
    public void Each_attempt_doubles_the_delay()
    {
        var backoff = WithoutJitter();

        Enumerable.Range(1, 6).Select(backoff.Delay).Select(d => d.TotalMilliseconds)
            .Should().Equal(500, 1000, 2000, 4000, 8000, 16000);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Late_attempts_are_capped_at_the_maximum(int attempt)
    {
        WithoutJitter().Delay(attempt).Should().Be(Max);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Attempts_below_one_wait_the_minimum(int attempt)
    {
        WithoutJitter().Delay(attempt).Should().Be(Min);
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(3, 2000)]
    [InlineData(50, 30000)]
    public void Jitter_adds_at_most_twenty_percent_and_never_shortens_the_delay(int attempt, double rawMs)
    {
        var jittered = WithFullJitter().Delay(attempt).TotalMilliseconds;

        jittered.Should().BeGreaterThan(rawMs).And.BeLessThanOrEqualTo(rawMs * 1.2);
        jittered.Should().BeApproximately(rawMs * 1.2, rawMs * 0.001);
    }

    [Fact]
    public void With_real_randomness_every_delay_stays_within_the_jittered_bounds_and_varies()
    {
        var backoff = new ExponentialBackoff(Min, Max, new Random(1234));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(100).TotalMilliseconds).ToList();

        delays.Should().OnlyContain(d => d >= Max.TotalMilliseconds && d <= Max.TotalMilliseconds * 1.2);
        delays.Distinct().Should().HaveCountGreaterThan(100, "jitter spreads peers out");
    }

    [Fact]
    public void Delays_never_decrease_from_one_attempt_to_the_next_without_jitter()
    {
        var backoff = WithoutJitter();

        Enumerable.Range(1, 40).Select(backoff.Delay).Should().BeInAscendingOrder();
    }
}
