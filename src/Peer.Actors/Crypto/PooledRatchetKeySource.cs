using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// <summary>
/// P-384 key pairs generated ahead of time in the background, so a handshake or a DH ratchet step
/// does not wait for key generation. The pool is bounded (<see cref="Capacity"/> keys, about 1 KiB of
/// native memory each) and refilled by its own idle-priority thread once takes pause for
/// <see cref="QuietPeriod"/> (or at once when fewer than <see cref="LowWater"/> keys are left), so the
/// refill does not compete for the cores with the handshake or DH step that just took a key: on 2
/// cores that competition cost about 1.3 ms per handshake even at idle priority. When the pool
/// is empty (a burst larger than it) the key is made on the caller's thread, exactly as
/// <see cref="RandomRatchetKeySource"/> does, so a caller never waits for the refill. Thread-safe:
/// one instance is meant to serve every session of a node (<see cref="SharedFor"/>).
/// Each key is used once and handed over: the caller owns and disposes it.
/// <para>
/// A key waits at most <see cref="MaxAge"/>: one that old is disposed unused, never handed out, and the
/// filler makes its replacement. A memory snapshot of the process reveals the private keys of every
/// waiting key pair, and a "fresh" ratchet key that was in the pool at the snapshot heals nothing; the
/// bound keeps the pool's part of post-compromise healing to <see cref="MaxAge"/> however slow the
/// traffic (issue 10, finding 6). The price: the pool is remade every <see cref="MaxAge"/> while idle
/// (16 keys at about 1.6 ms each every 10 s by default, 0.3 % of one core, at idle priority).
/// </para>
/// </summary>
public sealed class PooledRatchetKeySource : IRatchetKeySource, IDisposable
{
    public const int DefaultCapacity = 16;

    /// <summary>A handshake takes its keys within about 15 ms; refilling waits for the burst to end.</summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>The default bound on a pooled key's age (HOCON encryptio.peer.key-pool-max-age).</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(10);

    /// <summary>Bounds accepted for <see cref="MaxAge"/>: below this the pool would be remade all the time.</summary>
    public static readonly TimeSpan MinMaxAge = TimeSpan.FromMilliseconds(100);

    /// <summary>Above this the pool would undo the healing the ratchet promises (docs/security.md).</summary>
    public static readonly TimeSpan MaxMaxAge = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<TimeSpan, Lazy<PooledRatchetKeySource>> SharedPools = new();

    // Oldest first: keys are made and enqueued in order, so the expired ones are always at the head.
    private readonly Queue<(ECDiffieHellman Key, long MadeAt)> _ready = new();
    private readonly object _gate = new();
    private readonly Func<ECDiffieHellman> _generate;
    // Set when a key is taken, the filler's timer fires or the pool is disposed.
    private readonly AutoResetEvent _wake = new(false);
    private readonly TimeProvider _clock;
    private int _count;
    // "Never taken" is a state of its own: a zero timestamp would mean "taken at the clock's origin"
    // (the machine's boot for Stopwatch), which held the first fill back for the quiet period on a
    // machine up for less than that (issue 9). _lastTake is meaningful only once _taken is true.
    private long _lastTake;
    private volatile bool _taken;
    private volatile bool _disposed;
    private long _misses;
    private long _expired;

    /// <summary>The node-wide pool with the default bound (created on first use, filled in the background).</summary>
    public static PooledRatchetKeySource Shared => SharedFor(DefaultMaxAge);

    /// <summary>
    /// The process-wide pool for one bound, made on first use: a node's sessions take their keys from
    /// the pool for its <c>key-pool-max-age</c>. Nodes in one process (the demo) with the same setting
    /// share one pool, as they always did; a pool lives as long as the process.
    /// </summary>
    public static PooledRatchetKeySource SharedFor(TimeSpan maxAge)
    {
        RequireMaxAge(maxAge);
        return SharedPools.GetOrAdd(maxAge, age => new Lazy<PooledRatchetKeySource>(() => WithMaxAge(age))).Value;
    }

    /// <summary>A pool of fresh platform keys whose keys wait at most <paramref name="maxAge"/>.</summary>
    public static PooledRatchetKeySource WithMaxAge(TimeSpan maxAge, int capacity = DefaultCapacity) =>
        new(capacity, GenerateEager, maxAge: maxAge);

    public PooledRatchetKeySource(int capacity = DefaultCapacity) : this(capacity, GenerateEager) { }

    /// <param name="generate">Makes one key pair; tests pass a counting generator.</param>
    /// <param name="quietPeriod">How long takes must pause before a refill starts; <see cref="DefaultQuietPeriod"/> when null.</param>
    /// <param name="clock">Where time comes from; <see cref="TimeProvider.System"/> when null, a manual clock in tests.</param>
    /// <param name="maxAge">How long a key may wait in the pool; <see cref="DefaultMaxAge"/> when null.</param>
    public PooledRatchetKeySource(int capacity, Func<ECDiffieHellman> generate, TimeSpan? quietPeriod = null, TimeProvider? clock = null, TimeSpan? maxAge = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a pool holds at least one key");
        Capacity = capacity;
        LowWater = Math.Max(1, capacity / 4);
        QuietPeriod = quietPeriod ?? DefaultQuietPeriod;
        MaxAge = maxAge ?? DefaultMaxAge;
        RequireMaxAge(MaxAge);
        _generate = generate ?? throw new ArgumentNullException(nameof(generate));
        _clock = clock ?? TimeProvider.System;
        // One dedicated thread at idle priority rather than thread-pool work: it never holds up a
        // dispatcher thread, and key generation (about 1.6 ms of CPU each) yields to everything else.
        new Thread(Fill) { IsBackground = true, Name = "encryptio-keygen", Priority = ThreadPriority.Lowest }.Start();
    }

    public int Capacity { get; }

    /// <summary>Below this many keys the pool refills at once, quiet or not, so a steady load cannot drain it.</summary>
    public int LowWater { get; }

    public TimeSpan QuietPeriod { get; }

    /// <summary>A key this old is disposed unused: the pool's share of the post-compromise healing bound.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Keys waiting in the pool now.</summary>
    public int Available => Volatile.Read(ref _count);

    /// <summary>Keys that had to be made on the caller's thread because the pool was empty.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Keys disposed unused because they reached <see cref="MaxAge"/>.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    public ECDiffieHellman NextKeyPair()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _clock.GetTimestamp();
        Volatile.Write(ref _lastTake, now);
        _taken = true;
        ECDiffieHellman? key = null;
        lock (_gate)
        {
            DiscardExpired(now);
            if (_ready.TryDequeue(out var entry))
            {
                key = entry.Key;
                Volatile.Write(ref _count, _ready.Count);
            }
        }
        _wake.Set();
        if (key is not null) return key;
        Interlocked.Increment(ref _misses);
        return _generate();
    }

    /// <summary>Resolves when the pool is full (or disposed); for tests and for warming up before a measurement.</summary>
    public async Task WaitFullAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_disposed && Available < Capacity)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the key pool holds {Available} of {Capacity} keys");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private void Fill()
    {
        IdlePriority.LowerCurrentThread();
        // Waits are timed on the pool's clock, so a manual clock in a spec drives expiry and quiet periods.
        using var timer = _clock.CreateTimer(static wake => ((AutoResetEvent)wake!).Set(), _wake, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (!_disposed)
        {
            var wait = NextWait();
            if (wait == TimeSpan.Zero)
            {
                var madeAt = _clock.GetTimestamp(); // before the key exists: its age is never understated
                ECDiffieHellman key;
                try
                {
                    key = _generate();
                }
                catch (Exception) when (!_disposed)
                {
                    // An exception on this thread would end the process. Callers make their own keys
                    // meanwhile (a miss); the filler tries again after a quiet period.
                    timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
                    _wake.WaitOne();
                    continue;
                }
                lock (_gate)
                {
                    if (_disposed) key.Dispose();
                    else
                    {
                        _ready.Enqueue((key, madeAt));
                        Volatile.Write(ref _count, _ready.Count);
                    }
                }
                continue;
            }
            // Never a negative due time (a timer refuses it), never a busy loop.
            timer.Change(wait == Timeout.InfiniteTimeSpan ? wait : TimeSpan.FromTicks(Math.Max(wait.Ticks, TimeSpan.TicksPerMillisecond)), Timeout.InfiniteTimeSpan);
            _wake.WaitOne();
        }
        DrainIfDisposed();
    }

    /// <summary>
    /// Discards what has expired, then says how long the filler may sleep: zero to make a key now,
    /// otherwise until the quiet period ends or the oldest key expires, whichever comes first
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: until a take wakes it).
    /// </summary>
    private TimeSpan NextWait()
    {
        var now = _clock.GetTimestamp();
        lock (_gate)
        {
            DiscardExpired(now);
            var count = _ready.Count;
            var untilOldestExpires = count > 0 ? MaxAge - _clock.GetElapsedTime(_ready.Peek().MadeAt, now) : Timeout.InfiniteTimeSpan;
            if (count >= Capacity) return untilOldestExpires;
            // Before the first take there is no burst to wait for: fill at once.
            if (count < LowWater || !_taken) return TimeSpan.Zero;
            var sinceTake = _clock.GetElapsedTime(Volatile.Read(ref _lastTake), now);
            if (sinceTake >= QuietPeriod) return TimeSpan.Zero;
            var untilQuiet = QuietPeriod - sinceTake;
            return untilOldestExpires == Timeout.InfiniteTimeSpan || untilQuiet < untilOldestExpires ? untilQuiet : untilOldestExpires;
        }
    }

    /// Under the lock. Keys are in the order they were made, so the expired ones are at the head.
    private void DiscardExpired(long now)
    {
        while (_ready.TryPeek(out var oldest) && _clock.GetElapsedTime(oldest.MadeAt, now) >= MaxAge)
        {
            _ready.Dequeue();
            oldest.Key.Dispose();
            Interlocked.Increment(ref _expired);
        }
        Volatile.Write(ref _count, _ready.Count);
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Set();
        DrainIfDisposed();
    }

    private void DrainIfDisposed()
    {
        if (!_disposed) return;
        lock (_gate)
        {
            while (_ready.TryDequeue(out var entry)) entry.Key.Dispose();
            Volatile.Write(ref _count, 0);
        }
    }

    private static void RequireMaxAge(TimeSpan maxAge)
    {
        if (maxAge < MinMaxAge || maxAge > MaxMaxAge)
            throw new ArgumentOutOfRangeException(nameof(maxAge), maxAge, $"a pooled key's maximum age is {MinMaxAge.TotalSeconds:0.###} s to {MaxMaxAge.TotalSeconds:0} s");
    }

    /// <summary>A fresh key pair whose private scalar exists now (the export forces generation).</summary>
    private static ECDiffieHellman GenerateEager()
    {
        var key = P384.GenerateKeyPair();
        key.ExportParameters(includePrivateParameters: false);
        return key;
    }
}
