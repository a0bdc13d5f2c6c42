using Akka.Configuration;
using Encryptio.Directory.Limits;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

/// <summary>The limiter itself, on a clock the test moves by hand: no sleeps.</summary>
public sealed class TokenBucketSpecs
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_bucket_allows_its_burst_then_refuses_until_time_refills_it()
    {
        var bucket = new TokenBucket(3, 2, T0);
        Enumerable.Range(0, 3).Select(_ => bucket.TryTake(T0)).ToList().Should().AllBeEquivalentTo(true);
        bucket.TryTake(T0).Should().BeFalse();
        bucket.TryTake(T0.AddMilliseconds(400)).Should().BeFalse("0.8 of a token is not a token");
        bucket.TryTake(T0.AddMilliseconds(500)).Should().BeTrue("2 per second: one token after half a second");
        bucket.IsFull(T0.AddSeconds(10)).Should().BeTrue("it never holds more than its burst");
        Enumerable.Range(0, 4).Count(_ => bucket.TryTake(T0.AddSeconds(10))).Should().Be(3);
    }

    [Fact]
    public void A_bucket_with_no_refill_allows_its_burst_once_and_then_nothing()
    {
        var bucket = new TokenBucket(2, 0, T0);
        Enumerable.Range(0, 5).Count(_ => bucket.TryTake(T0.AddDays(1))).Should().Be(2);
    }

    [Fact]
    public void A_limiter_keeps_one_bucket_per_key_so_one_noisy_key_does_not_starve_another()
    {
        var now = T0;
        var limiter = new RateLimiter<string>(2, 1, () => now);
        Enumerable.Range(0, 10).Count(_ => limiter.TryAcquire("noisy")).Should().Be(2);
        limiter.TryAcquire("quiet").Should().BeTrue();
        now = now.AddSeconds(1);
        limiter.TryAcquire("noisy").Should().BeTrue();
        limiter.TryAcquire("noisy").Should().BeFalse();
    }

    [Fact]
    public void A_limiter_forgets_keys_whose_buckets_refilled_so_a_flood_of_keys_does_not_grow_it_forever()
    {
        var now = T0;
        var limiter = new RateLimiter<int>(1, 1, () => now);
        for (var i = 0; i < RateLimiter<int>.PruneAbove; i++) limiter.TryAcquire(i);
        now = now.AddSeconds(5);
        limiter.TryAcquire(-1);
        limiter.Tracked.Should().Be(1);
    }

    [Fact]
    public void Rate_limits_are_read_from_hocon_and_nonsense_is_refused_with_the_key_name()
    {
        var config = ConfigurationFactory.ParseString("""
            encryptio.directory {
              directory-id = d
              rate-limits { register-burst = 2, register-per-second = 0.25, max-unauthenticated-links-per-uid = 3, max-unauthenticated-links = 50, request-burst = 7, request-per-second = 1.5 }
            }
            """);
        DirectorySettings.FromConfig(config).RateLimits.Should().Be(new RateLimitSettings(2, 0.25, 3, 50, 7, 1.5));
        var perAssociation = ConfigurationFactory.ParseString("encryptio.directory { directory-id = d, rate-limits { association-register-burst = 9, association-register-per-second = 0.5 } }");
        DirectorySettings.FromConfig(perAssociation).RateLimits.Should().Match<RateLimitSettings>(r => r.AssociationRegisterBurst == 9 && r.AssociationRegisterPerSecond == 0.5);
        var noPoll = ConfigurationFactory.ParseString("encryptio.directory { directory-id = d, revocation-poll = 0s }");
        FluentActions.Invoking(() => DirectorySettings.FromConfig(noPoll)).Should().Throw<ConfigurationException>().WithMessage("*revocation-poll*");
        var bad = ConfigurationFactory.ParseString("encryptio.directory { directory-id = d, rate-limits.request-burst = 0 }");
        FluentActions.Invoking(() => DirectorySettings.FromConfig(bad)).Should().Throw<ConfigurationException>().WithMessage("*request-burst*");
    }
}

/// <summary>
/// Storms at the directory's actors: limits with no refill (register-per-second = 0,
/// request-per-second = 0), so the specs need no time to pass.
/// </summary>
public sealed class RateLimitSpecs(ITestOutputHelper output) : DirectorySpec(output, DirectorySettings.Default with
{
    DirectoryId = "test-directory",
    RateLimits = new RateLimitSettings(RegisterBurst: 3, RegisterPerSecond: 0, MaxUnauthenticatedLinksPerUid: 2, MaxUnauthenticatedLinks: 100, RequestBurst: 5, RequestPerSecond: 0),
})
{
    [Fact]
    public async Task A_registration_storm_is_refused_as_rate_limited_logged_once_and_other_peers_still_register()
    {
        var stormer = CreateTestProbe();
        var register = RegisterAs("mallory");
        await EventFilter.Warning(contains: "registration storm: refusing Register of mallory").ExpectOneAsync(async () =>
        {
            // The bucket lets three through; two may wait for their proof, so the third evicts the first
            // (its own oldest). The rest are refused at once.
            for (var i = 0; i < 50; i++) stormer.Send(Gate, register);
            var answers = new List<object>();
            for (var i = 0; i < 51; i++) answers.Add(await stormer.ExpectMsgAsync<object>());
            answers.OfType<AuthChallenge>().Should().HaveCount(3);
            var rejected = answers.OfType<RegistrationRejected>().ToList();
            rejected.Where(r => r.Reason.StartsWith("rate limited")).Should().HaveCount(47);
            rejected.Where(r => r.Reason.StartsWith("evicted")).Should().HaveCount(1);
        });

        var alice = await OnlineAsync("alice");
        await ShouldSeeOnlineExactly(alice, "alice");
    }

    [Fact]
    public async Task A_peer_that_proves_its_registration_frees_its_slot_but_its_bucket_still_runs_dry()
    {
        var probe = CreateTestProbe();
        probe.IgnoreMessages<Superseded>(); // each new registration supersedes the one before
        var register = RegisterAs("alice");
        for (var round = 0; round < 3; round++)
        {
            probe.Send(Gate, register);
            var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
            probe.Reply(ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice")));
            await probe.ExpectMsgAsync<Registered>();
        }
        probe.Send(Gate, register);
        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("more than 3 Register of alice at once");
    }

    [Fact]
    public async Task A_proposal_and_who_storm_from_one_peer_is_refused_once_its_burst_is_spent_and_others_are_served()
    {
        var bob = await OnlineAsync("bob");
        var mallory = await OnlineAsync("mallory");
        await EventFilter.Warning(contains: "request storm from mallory").ExpectOneAsync(async () =>
        {
            for (var i = 0; i < 30; i++) mallory.Say(Who.Instance);
            var answers = new List<object>();
            for (var i = 0; i < 30; i++) answers.Add(await mallory.Probe.ExpectMsgAsync<object>());
            answers.OfType<OnlineUsers>().Should().HaveCount(5);
            answers.OfType<CommandRefused>().Should().HaveCount(25)
                .And.AllSatisfy(r => r.Reason.Should().StartWith("rate limited"))
                .And.AllSatisfy(r => (r.Command, r.Code).Should().Be((DirectoryCommand.Who, RefusalCode.RateLimited)));
        });
        mallory.Say(new Propose([bob.Uid]));
        (await mallory.Probe.ExpectMsgAsync<CommandRefused>()).Reason.Should().StartWith("rate limited");

        await ShouldSeeOnlineExactly(bob, "bob", "mallory");
    }
}
