using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class PooledRatchetKeySourceSpecs
{
    [Fact]
    public async Task Fills_in_the_background_up_to_its_capacity_and_no_further()
    {
        var made = 0;
        using var pool = new PooledRatchetKeySource(4, () => { Interlocked.Increment(ref made); return P384.GenerateKeyPair(); });
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        pool.Available.Should().Be(4);
        Volatile.Read(ref made).Should().Be(4);
    }

    [Fact]
    public async Task Hands_out_distinct_working_P384_key_pairs_and_refills_after_each()
    {
        using var pool = new PooledRatchetKeySource(3);
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        var keys = Enumerable.Range(0, 5).Select(_ => pool.NextKeyPair()).ToList();
        try
        {
            keys.Select(k => Convert.ToHexString(P384.ExportPublicKey(k))).Distinct().Should().HaveCount(5);
            keys.Should().OnlyContain(k => k.KeySize == 384);
            using var peer = keys[1].PublicKey;
            P384.DeriveSharedSecret(keys[0], peer).Should().HaveCount(P384.SharedSecretLength);
            await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
            pool.Available.Should().Be(3);
        }
        finally
        {
            foreach (var key in keys) key.Dispose();
        }
    }

    [Fact]
    public void An_empty_pool_makes_the_key_on_the_callers_thread_and_counts_a_miss()
    {
        var gate = new ManualResetEventSlim(false);
        var calls = 0;
        using var pool = new PooledRatchetKeySource(2, () =>
        {
            // The first call is the background refill: it waits, so the pool stays empty.
            if (Interlocked.Increment(ref calls) == 1) gate.Wait(TimeSpan.FromSeconds(10));
            return P384.GenerateKeyPair();
        });
        SpinWait.SpinUntil(() => Volatile.Read(ref calls) >= 1, TimeSpan.FromSeconds(5));
        using var key = pool.NextKeyPair();
        key.Should().NotBeNull();
        pool.Misses.Should().Be(1);
        gate.Set();
    }

    [Fact]
    public async Task Disposing_releases_the_waiting_keys_and_refuses_more()
    {
        var pool = new PooledRatchetKeySource(2);
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        pool.Dispose();
        pool.Available.Should().Be(0);
        pool.Invoking(p => p.NextKeyPair()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_handshake_and_ratchet_run_on_pooled_keys()
    {
        using var pool = new PooledRatchetKeySource(4);
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        using var alice = ECDsa.Create(P384.Curve);
        using var bob = ECDsa.Create(P384.Curve);
        var cid = RandomNumberGenerator.GetBytes(16);
        using var dialer = new DialerHandshake(new HandshakePeer(cid, "alice", "bob", bob), new EcdsaHandshakeSigner(alice), pool);
        var listener = new ListenerHandshake(new HandshakePeer(cid, "bob", "alice", alice), new EcdsaHandshakeSigner(bob), pool);
        listener.TryAccept(dialer.HelloFrame.AsSpan(5), out var reply, out var bobRatchet, out _).Should().BeTrue();
        dialer.TryComplete(reply.AsSpan(5), out var aliceRatchet, out _).Should().BeTrue();
        using (aliceRatchet)
        using (bobRatchet)
        {
            bobRatchet!.TryOpen(aliceRatchet!.Seal([1, 2, 3]).AsSpan(5), out var first).Should().BeTrue();
            first.Should().Equal(1, 2, 3);
            aliceRatchet.TryOpen(bobRatchet.Seal([4]).AsSpan(5), out var back).Should().BeTrue();
            back.Should().Equal(4);
        }
    }

    [Fact]
    public async Task A_pool_drained_below_its_low_water_mark_refills_at_once_even_while_takes_go_on()
    {
        // A quiet period of an hour: only the low-water rule can bring keys back within the test.
        using var pool = new PooledRatchetKeySource(8, P384.GenerateKeyPair, TimeSpan.FromHours(1));
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        var taken = Enumerable.Range(0, 8).Select(_ => pool.NextKeyPair()).ToList();
        try
        {
            pool.LowWater.Should().Be(2);
            await AwaitAssert(() => pool.Available.Should().Be(pool.LowWater));
        }
        finally
        {
            foreach (var key in taken) key.Dispose();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(3599)]
    [InlineData(7200)]
    public async Task A_new_pool_fills_at_once_however_long_the_machine_has_been_up(int uptimeSeconds)
    {
        // The clock reads the machine's uptime and never moves: a quiet period of an hour can never
        // end, so only "never taken yet" can let the pool fill past its low-water mark (issue 9).
        var clock = new ManualClock(TimeSpan.FromSeconds(uptimeSeconds));
        using var pool = new PooledRatchetKeySource(8, P384.GenerateKeyPair, TimeSpan.FromHours(1), clock);
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        pool.Available.Should().Be(8);
    }

    [Fact]
    public async Task A_pool_above_its_low_water_mark_refills_once_takes_pause_for_the_quiet_period()
    {
        using var pool = new PooledRatchetKeySource(8, P384.GenerateKeyPair, TimeSpan.FromMilliseconds(50));
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        using (pool.NextKeyPair())
        using (pool.NextKeyPair())
        {
        }
        pool.Available.Should().BeLessThan(8);
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        pool.Available.Should().Be(8);
    }

    [Fact]
    public async Task A_pooled_key_as_old_as_the_max_age_is_disposed_unused_and_never_handed_out()
    {
        var clock = new ManualClock(TimeSpan.FromMinutes(3));
        var made = new StampedKeys(clock);
        using var pool = new PooledRatchetKeySource(4, made.Generate, clock: clock, maxAge: TimeSpan.FromSeconds(10));
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        var pooled = made.All();

        clock.Advance(TimeSpan.FromSeconds(10));
        using var key = pool.NextKeyPair();

        made.AgeOf(key).Should().Be(TimeSpan.Zero, "only a key made after the pooled ones expired may be handed out");
        pooled.Should().OnlyContain(k => IsDisposed(k), "an expired key's native memory is freed at once");
        pooled.Should().NotContain(key);
    }

    [Fact]
    public async Task A_pooled_key_younger_than_the_max_age_is_still_handed_out()
    {
        var clock = new ManualClock();
        var made = new StampedKeys(clock);
        using var pool = new PooledRatchetKeySource(4, made.Generate, clock: clock, maxAge: TimeSpan.FromSeconds(10));
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));
        var pooled = made.All();

        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        using var key = pool.NextKeyPair();

        pooled.Should().Contain(key);
        pool.Misses.Should().Be(0);
        pool.Expired.Should().Be(0);
    }

    [Fact]
    public async Task Under_no_traffic_at_all_the_filler_replaces_the_keys_as_they_age_out()
    {
        var clock = new ManualClock();
        var made = new StampedKeys(clock);
        using var pool = new PooledRatchetKeySource(4, made.Generate, clock: clock, maxAge: TimeSpan.FromSeconds(10));
        await pool.WaitFullAsync(TimeSpan.FromSeconds(10));

        for (var round = 1; round <= 3; round++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            var expected = 4 * round;
            await AwaitAssert(() =>
            {
                pool.Expired.Should().Be(expected);
                made.MadeSince(TimeSpan.FromSeconds(10 * round)).Should().Be(4, "the filler made the replacements, not a caller");
                pool.Available.Should().Be(4);
            });
        }
        pool.Misses.Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(60_001)]
    public void A_max_age_outside_100_ms_to_60_s_is_refused(int milliseconds)
    {
        var act = () => new PooledRatchetKeySource(2, P384.GenerateKeyPair, maxAge: TimeSpan.FromMilliseconds(milliseconds));
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Nodes_with_the_same_max_age_share_one_pool_and_a_different_one_gets_its_own()
    {
        PooledRatchetKeySource.SharedFor(TimeSpan.FromSeconds(7)).Should().BeSameAs(PooledRatchetKeySource.SharedFor(TimeSpan.FromSeconds(7)));
        PooledRatchetKeySource.SharedFor(TimeSpan.FromSeconds(7)).MaxAge.Should().Be(TimeSpan.FromSeconds(7));
        PooledRatchetKeySource.Shared.MaxAge.Should().Be(PooledRatchetKeySource.DefaultMaxAge);
    }

    private static bool IsDisposed(ECDiffieHellman key)
    {
        try
        {
            key.ExportParameters(includePrivateParameters: false);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// A generator that remembers when (on the spec's clock) it made each key.
    private sealed class StampedKeys(ManualClock clock)
    {
        private readonly List<(ECDiffieHellman Key, long At)> _made = [];

        public ECDiffieHellman Generate()
        {
            var key = P384.GenerateKeyPair();
            lock (_made) _made.Add((key, clock.GetTimestamp()));
            return key;
        }

        public List<ECDiffieHellman> All()
        {
            lock (_made) return _made.Select(m => m.Key).ToList();
        }

        public TimeSpan AgeOf(ECDiffieHellman key)
        {
            lock (_made) return clock.GetElapsedTime(_made.Single(m => ReferenceEquals(m.Key, key)).At);
        }

        /// Keys made once the clock (started at zero) read at least <paramref name="reading"/>.
        public int MadeSince(TimeSpan reading)
        {
            lock (_made) return _made.Count(m => m.At >= reading.Ticks);
        }
    }

    private static async Task AwaitAssert(Action assertion)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }
}
