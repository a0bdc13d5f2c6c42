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
/// one instance is meant to serve every session of a node (<see cref="Shared"/>).
/// Each key is used once and handed over: the caller owns and disposes it.
/// </summary>
public sealed class PooledRatchetKeySource : IRatchetKeySource, IDisposable
{
    public const int DefaultCapacity = 16;

    /// <summary>A handshake takes its keys within about 15 ms; refilling waits for the burst to end.</summary>
    public static readonly TimeSpan DefaultQuietPeriod = TimeSpan.FromMilliseconds(10);

    private static readonly Lazy<PooledRatchetKeySource> SharedPool = new(() => new PooledRatchetKeySource(DefaultCapacity));

    private readonly ConcurrentQueue<ECDiffieHellman> _ready = new();
    private readonly Func<ECDiffieHellman> _generate;
    // Set when a key is taken or the pool is disposed; the filler sleeps on it while the pool is full.
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

    /// <summary>The node-wide pool (created on first use, filled in the background).</summary>
    public static PooledRatchetKeySource Shared => SharedPool.Value;

    public PooledRatchetKeySource(int capacity = DefaultCapacity) : this(capacity, GenerateEager) { }

    /// <param name="generate">Makes one key pair; tests pass a counting generator.</param>
    /// <param name="quietPeriod">How long takes must pause before a refill starts; <see cref="DefaultQuietPeriod"/> when null.</param>
    /// <param name="clock">Where time comes from; <see cref="TimeProvider.System"/> when null, a manual clock in tests.</param>
    public PooledRatchetKeySource(int capacity, Func<ECDiffieHellman> generate, TimeSpan? quietPeriod = null, TimeProvider? clock = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a pool holds at least one key");
        Capacity = capacity;
        LowWater = Math.Max(1, capacity / 4);
        QuietPeriod = quietPeriod ?? DefaultQuietPeriod;
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

    /// <summary>Keys waiting in the pool now.</summary>
    public int Available => Volatile.Read(ref _count);

    /// <summary>Keys that had to be made on the caller's thread because the pool was empty.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public ECDiffieHellman NextKeyPair()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Volatile.Write(ref _lastTake, _clock.GetTimestamp());
        _taken = true;
        if (_ready.TryDequeue(out var key))
        {
            Interlocked.Decrement(ref _count);
            _wake.Set();
            return key;
        }
        Interlocked.Increment(ref _misses);
        _wake.Set();
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
        while (!_disposed)
        {
            if (Volatile.Read(ref _count) >= Capacity)
            {
                _wake.WaitOne();
                continue;
            }
            // Before the first take there is no burst to wait for: fill at once.
            var sinceTake = _taken ? _clock.GetElapsedTime(Volatile.Read(ref _lastTake)) : TimeSpan.MaxValue;
            if (Volatile.Read(ref _count) >= LowWater && sinceTake < QuietPeriod)
            {
                _wake.WaitOne(QuietPeriod - sinceTake);
                continue;
            }
            var key = _generate();
            _ready.Enqueue(key);
            Interlocked.Increment(ref _count);
        }
        DrainIfDisposed();
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
        while (_ready.TryDequeue(out var key))
        {
            Interlocked.Decrement(ref _count);
            key.Dispose();
        }
    }

    /// <summary>A fresh key pair whose private scalar exists now (the export forces generation).</summary>
    private static ECDiffieHellman GenerateEager()
    {
        var key = P384.GenerateKeyPair();
        key.ExportParameters(includePrivateParameters: false);
        return key;
    }
}
