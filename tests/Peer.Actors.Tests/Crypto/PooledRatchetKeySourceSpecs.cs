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
