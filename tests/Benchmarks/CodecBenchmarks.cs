using BenchmarkDotNet.Attributes;
using Encryptio.Messages.P2P;

namespace Encryptio.Benchmarks;

/// Framing of a Sealed body the size a 256 B payload seals to (header 105 + 256 + tag 16).
[MemoryDiagnoser]
public class FrameEncodeBenchmarks
{
    private readonly byte[] _body = new byte[WireSizes.MinSealedBodyLength + 256];
    private readonly byte[] _destination = new byte[FrameLimits.Overhead + WireSizes.MinSealedBodyLength + 256];

    [Benchmark(Description = "Frame encode (new array)")]
    public byte[] Encode() => FrameEncoder.Encode(FrameType.Sealed, _body);

    [Benchmark(Description = "Frame encode into a span")]
    public int EncodeInto() => FrameEncoder.Encode(FrameType.Sealed, _body, _destination);

    [Benchmark(Description = "Frame header into a span")]
    public int WriteHeader() => FrameEncoder.WriteHeader(FrameType.Sealed, _body.Length, _destination);
}

/// FrameDecoder.Feed over a buffer of 1000 Sealed frames (377 B bodies), either in one call or in
/// 1460-byte chunks as TCP segments would bring it. Figures are per frame (OperationsPerInvoke).
[MemoryDiagnoser]
public class FrameDecodeBenchmarks
{
    private const int Frames = 1000;

    private readonly FrameDecoder _decoder = new();
    private readonly List<Frame> _frames = new(Frames);
    private byte[] _stream = null!;

    [Params(0, 1460)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var body = new byte[WireSizes.MinSealedBodyLength + 256];
        var frame = FrameEncoder.Encode(FrameType.Sealed, body);
        _stream = new byte[frame.Length * Frames];
        for (var i = 0; i < Frames; i++) frame.CopyTo(_stream, i * frame.Length);
    }

    [Benchmark(Description = "Frame decode (per frame)", OperationsPerInvoke = Frames)]
    public int Decode()
    {
        _frames.Clear();
        if (ChunkSize == 0)
        {
            _decoder.Feed(_stream, _frames);
        }
        else
        {
            for (var at = 0; at < _stream.Length; at += ChunkSize)
                _decoder.Feed(_stream.AsSpan(at, Math.Min(ChunkSize, _stream.Length - at)), _frames);
        }
        if (_frames.Count != Frames) throw new InvalidOperationException($"decoded {_frames.Count} frames");
        return _frames.Count;
    }
}

/// The payload inside the AEAD: a Chat of 256 B (223 B of ASCII text) and an Ack of 16 ids.
[MemoryDiagnoser]
public class PayloadCodecBenchmarks
{
    private readonly ChatPayload _chat = new(MessageId.NewRandom(), 1_700_000_000_000, 3600, new string('x', 223));
    private readonly AckPayload _ack = new(Enumerable.Range(0, 16).Select(_ => MessageId.NewRandom()).ToArray());
    private byte[] _chatBytes = null!;
    private byte[] _ackBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chatBytes = PayloadCodec.Encode(_chat);
        _ackBytes = PayloadCodec.Encode(_ack);
        if (_chatBytes.Length != 256) throw new InvalidOperationException($"chat payload is {_chatBytes.Length} bytes");
    }

    [Benchmark(Description = "Payload encode Chat 256 B")]
    public byte[] EncodeChat() => PayloadCodec.Encode(_chat);

    private readonly byte[] _destination = new byte[512];

    [Benchmark(Description = "Payload encode Chat 256 B into a span")]
    public int EncodeChatInto() => PayloadCodec.Encode(_chat, _destination);

    [Benchmark(Description = "Payload decode Chat 256 B")]
    public IPayload? DecodeChat() => PayloadCodec.TryDecode(_chatBytes, out var payload, out _) ? payload : throw new InvalidOperationException();

    [Benchmark(Description = "Payload encode Ack x16")]
    public byte[] EncodeAck() => PayloadCodec.Encode(_ack);

    [Benchmark(Description = "Payload decode Ack x16")]
    public IPayload? DecodeAck() => PayloadCodec.TryDecode(_ackBytes, out var payload, out _) ? payload : throw new InvalidOperationException();
}
