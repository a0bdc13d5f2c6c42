using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// <summary>
/// P-384 key pairs generated ahead of time in the background, so a handshake or a DH ratchet step
/// does not wait for key generation. The pool is bounded (<see cref="Capacity"/> keys, about 1 KiB of
/// native memory each); taking a key starts one background refill when none is running. When the pool
/// is empty (a burst larger than it) the key is made on the caller's thread, exactly as
/// <see cref="RandomRatchetKeySource"/> does, so a caller never waits for the refill. Thread-safe:
/// one instance is meant to serve every session of a node (<see cref="Shared"/>).
/// Each key is used once and handed over: the caller owns and disposes it.
/// </summary>
public sealed class PooledRatchetKeySource : IRatchetKeySource, IDisposable
{
    public const int DefaultCapacity = 16;

    private static readonly Lazy<PooledRatchetKeySource> SharedPool = new(() => new PooledRatchetKeySource(DefaultCapacity));

    private readonly ConcurrentQueue<ECDiffieHellman> _ready = new();
    private readonly Func<ECDiffieHellman> _generate;
    private int _count;
    private int _refilling;
    private volatile bool _disposed;
    private long _misses;

    /// <summary>The node-wide pool (created on first use, filled in the background).</summary>
    public static PooledRatchetKeySource Shared => SharedPool.Value;

    public PooledRatchetKeySource(int capacity = DefaultCapacity) : this(capacity, GenerateEager) { }

    /// <param name="generate">Makes one key pair; tests pass a counting generator.</param>
    public PooledRatchetKeySource(int capacity, Func<ECDiffieHellman> generate)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a pool holds at least one key");
        Capacity = capacity;
        _generate = generate ?? throw new ArgumentNullException(nameof(generate));
        StartRefill();
    }

    public int Capacity { get; }

    /// <summary>Keys waiting in the pool now.</summary>
    public int Available => Volatile.Read(ref _count);

    /// <summary>Keys that had to be made on the caller's thread because the pool was empty.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public ECDiffieHellman NextKeyPair()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ready.TryDequeue(out var key))
        {
            Interlocked.Decrement(ref _count);
            StartRefill();
            return key;
        }
        Interlocked.Increment(ref _misses);
        StartRefill();
        return _generate();
    }

    /// <summary>Resolves when the pool is full (or disposed); for tests and for warming up before a measurement.</summary>
    public async Task WaitFullAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_disposed && Available < Capacity)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the key pool holds {Available} of {Capacity} keys");
            StartRefill();
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private void StartRefill()
    {
        if (_disposed || Volatile.Read(ref _count) >= Capacity) return;
        if (Interlocked.CompareExchange(ref _refilling, 1, 0) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static pool => pool.Refill(), this, preferLocal: false);
    }

    private void Refill()
    {
        try
        {
            while (!_disposed && Volatile.Read(ref _count) < Capacity)
            {
                var key = _generate();
                _ready.Enqueue(key);
                Interlocked.Increment(ref _count);
            }
        }
        finally
        {
            Volatile.Write(ref _refilling, 0);
        }
        // A key taken between the last check and the flag reset must not leave the pool short for long.
        if (!_disposed && Volatile.Read(ref _count) < Capacity) StartRefill();
        DrainIfDisposed();
    }

    public void Dispose()
    {
        _disposed = true;
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
