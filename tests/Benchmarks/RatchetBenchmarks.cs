using System.Buffers;
using BenchmarkDotNet.Attributes;
using Encryptio.Peer.Crypto;
using Encryptio.Testing;

namespace Encryptio.Benchmarks;

/// KDF_CK alone: two HMAC-SHA384 over a 32-byte chain key, in place.
[MemoryDiagnoser]
public class ChainStepBenchmarks
{
    private readonly byte[] _chainKey = new byte[RatchetKdf.ChainKeyLength];
    private readonly byte[] _messageKey = new byte[RatchetKdf.MessageKeyLength];

    [Benchmark(Description = "ChainStep (KDF_CK)")]
    public void ChainStep() => RatchetKdf.ChainStep(_chainKey, _messageKey, _chainKey);
}

/// Seal on a long-lived sending chain: one chain step, the frame header, one AES-256-GCM encryption
/// and the returned frame. No DH step is ever due (Alice only sends), so this is the steady state of
/// a sender that is not answered.
[MemoryDiagnoser]
public class SealBenchmarks
{
    private RatchetPair _pair = null!;
    private byte[] _payload = null!;

    [Params(256, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = RatchetPair.Established();
        _payload = RatchetPair.Payload(Size);
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Description = "Seal")]
    public byte[] Seal() => _pair.Alice.Seal(_payload);

    /// The same bytes written into a buffer rented from ArrayPool.Shared and given back (the rent and
    /// return are in the figure), as a sender that writes the frame to the socket at once would do.
    [Benchmark(Description = "Seal into a pooled buffer")]
    public int SealPooled()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DoubleRatchet.SealedFrameLength(_payload.Length));
        var written = _pair.Alice.Seal(_payload, buffer);
        ArrayPool<byte>.Shared.Return(buffer);
        return written;
    }
}

/// Open of frames that arrive in order in the receiver's current chain (no skipped keys, no DH step):
/// one chain step, one AES-256-GCM decryption with tag check, the returned payload. Every frame opens
/// once only, so each iteration gets a fresh ratchet pair and exactly InvocationCount frames sealed
/// ahead in [IterationSetup]; that setup (key generation, the first DH step, the seals) is outside the
/// measured time and the allocation count.
[MemoryDiagnoser]
[InvocationCount(FramesPerIteration)]
public class OpenBenchmarks
{
    private const int FramesPerIteration = 2048;

    private RatchetPair? _pair;
    private readonly byte[][] _frames = new byte[FramesPerIteration][];
    private int _next;

    [Params(256, 4096)]
    public int Size { get; set; }

    [IterationSetup]
    public void SealAhead()
    {
        _pair?.Dispose();
        _pair = RatchetPair.Established();
        var payload = RatchetPair.Payload(Size);
        for (var i = 0; i < _frames.Length; i++) _frames[i] = _pair.Alice.Seal(payload);
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _pair?.Dispose();

    [Benchmark(Description = "Open in order")]
    public byte[] Open()
    {
        if (!_pair!.Bob.TryOpen(RatchetPair.SealedBody(_frames[_next++]), out var payload))
            throw new InvalidOperationException("a frame did not open: more invocations than frames sealed ahead?");
        return payload;
    }

    /// The same open into a buffer rented from ArrayPool.Shared and given back, as a receiver that
    /// decodes the payload at once would do.
    [Benchmark(Description = "Open in order into a pooled buffer")]
    public int OpenPooled()
    {
        var body = RatchetPair.SealedBody(_frames[_next++]);
        var buffer = ArrayPool<byte>.Shared.Rent(DoubleRatchet.PayloadLength(body.Length));
        var opened = _pair!.Bob.TryOpen(body, buffer, out var written, out _);
        ArrayPool<byte>.Shared.Return(buffer);
        return opened ? written : throw new InvalidOperationException("a frame did not open: more invocations than frames sealed ahead?");
    }
}

/// Open of frames that arrive late: Bob first opens the last of a run of frames, which stores a
/// skipped message key for each earlier one; then the earlier frames open from the store (lookup,
/// AES-GCM, removal of the used key). Setup as for <see cref="OpenBenchmarks"/>.
[MemoryDiagnoser]
[InvocationCount(FramesPerIteration)]
public class OpenSkippedBenchmarks
{
    private const int FramesPerIteration = 992; // <= RatchetLimits.MaxSkipPerChain, a multiple of 16

    private RatchetPair? _pair;
    private readonly byte[][] _frames = new byte[FramesPerIteration][];
    private int _next;

    [IterationSetup]
    public void SealAheadAndSkip()
    {
        _pair?.Dispose();
        _pair = RatchetPair.Established();
        var payload = RatchetPair.Payload(256);
        for (var i = 0; i < _frames.Length; i++) _frames[i] = _pair.Alice.Seal(payload);
        if (!_pair.Bob.TryOpen(RatchetPair.SealedBody(_pair.Alice.Seal(payload)), out _))
            throw new InvalidOperationException("the frame after the run did not open");
        _next = 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _pair?.Dispose();

    [Benchmark(Description = "Open 256 B from a skipped key")]
    public byte[] OpenSkipped()
    {
        if (!_pair!.Bob.TryOpen(RatchetPair.SealedBody(_frames[_next++]), out var payload))
            throw new InvalidOperationException("a skipped frame did not open");
        return payload;
    }
}

/// Seal by Alice and open by Bob of the same 256 B message, back to back, with no setup per
/// iteration: a cross-check for the Open figure (round trip minus Seal is about one open).
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private RatchetPair _pair = null!;
    private byte[] _payload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pair = RatchetPair.Established();
        _payload = RatchetPair.Payload(256);
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Description = "Seal + open 256 B")]
    public byte[] SealThenOpen()
    {
        if (!_pair.Bob.TryOpen(RatchetPair.SealedBody(_pair.Alice.Seal(_payload)), out var payload))
            throw new InvalidOperationException("the frame did not open");
        return payload;
    }
}

/// The skipped-key store holding 1000 keys of one chain (the per-chain bound) and 1000 of another
/// (the overall bound is 2000). A hit and two kinds of miss; the store is not changed.
[MemoryDiagnoser]
public class SkippedKeyLookupBenchmarks
{
    private readonly SkippedMessageKeys _store = new();
    private readonly byte[] _chainA = Key(0xA1);
    private readonly byte[] _unknownChain = Key(0xC3);

    private static byte[] Key(byte tag) => Enumerable.Repeat(tag, 97).ToArray();

    [GlobalSetup]
    public void Setup()
    {
        var chainB = Key(0xB2);
        for (uint n = 0; n < 1000; n++)
        {
            _store.Add(_chainA, n, new byte[RatchetKdf.MessageKeyLength]);
            _store.Add(chainB, n, new byte[RatchetKdf.MessageKeyLength]);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Description = "Skipped key: hit")]
    public bool Hit() => _store.TryGet(_chainA, 517, out _);

    [Benchmark(Description = "Skipped key: miss, known chain")]
    public bool MissNumber() => _store.TryGet(_chainA, 5000, out _);

    [Benchmark(Description = "Skipped key: miss, unknown chain")]
    public bool MissChain() => _store.TryGet(_unknownChain, 517, out _);
}
