using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using Encryptio.Host.Cli;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Relay;
using Encryptio.Messages.Serialization;
using Encryptio.Peer.Console;
using Encryptio.Peer.Crypto;

namespace Encryptio.Fuzz;

/// <summary>
/// A broken invariant found by a fuzz target: the input was accepted but does not mean what it says,
/// or two ways of reading the same bytes disagree. Reported like any other crash.
/// </summary>
public sealed class FuzzInvariantException(string message) : Exception(message);

/// <summary>
/// The fuzz targets, shared by the AFL++ harness (Program.cs) and the bounded CI run (tests/Fuzz.Tests).
/// Each one feeds hostile bytes to a decoder and lets through only its documented, controlled outcome
/// (a false return with a reason, a FrameError, a SerializationException, a ConsoleInput.Error, exit
/// code 2). Anything else that escapes is a crash. Accepted inputs are re-encoded and must give back
/// the same bytes, so a decoder that accepts something its encoder would never write is caught too.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyList<string> Names = ["frame", "hello", "payload", "directory", "command", "ratchet", "relay"];

    public static void Run(string target, ReadOnlySpan<byte> data)
    {
        switch (target)
        {
            case "frame": Frame(data); break;
            case "hello": Hello(data); break;
            case "payload": Payload(data); break;
            case "directory": Directory(data); break;
            case "command": Command(data); break;
            case "ratchet": Ratchet(data); break;
            case "relay": Relay(data); break;
            default: throw new ArgumentException($"unknown fuzz target '{target}'; targets: {string.Join(", ", Names)}", nameof(target));
        }
    }

    // ---- frame: FrameDecoder fed chunk by chunk -------------------------------------------------

    /// Bytes 0-1 choose how the rest is cut into chunks: byte 0 seeds the cut positions, byte 1 + 1
    /// is the largest chunk. The chunked result must equal the one-shot result (frames and error),
    /// every frame must re-encode to the bytes it came from, and a faulted decoder must stay faulted.
    public static void Frame(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2) return;
        var seed = (uint)data[0] * 2654435761u | 1u;
        var maxChunk = data[1] + 1;
        var stream = data[2..];

        var chunked = new FrameDecoder();
        var chunkedFrames = new List<Frame>();
        var rest = stream;
        var error = FrameError.None;
        while (!rest.IsEmpty)
        {
            seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
            var size = Math.Min(rest.Length, 1 + (int)(seed % (uint)maxChunk));
            var before = chunkedFrames.Count;
            error = chunked.Feed(rest[..size], chunkedFrames);
            if (chunked.IsFaulted && chunked.ErrorReason is null) throw new FuzzInvariantException("faulted without a reason");
            rest = rest[size..];
            if (error != FrameError.None)
            {
                // Stays failed: more bytes neither clear the error nor produce frames.
                var after = new List<Frame>();
                if (chunked.Feed(rest, after) != error || after.Count != 0)
                    throw new FuzzInvariantException("a faulted decoder accepted more input");
                break;
            }
            if (chunkedFrames.Count < before) throw new FuzzInvariantException("frames vanished");
        }

        var whole = new FrameDecoder();
        var wholeFrames = new List<Frame>();
        var wholeError = whole.Feed(stream, wholeFrames);
        if (wholeError != error) throw new FuzzInvariantException($"chunked error {error} but one-shot error {wholeError}");
        if (wholeFrames.Count != chunkedFrames.Count) throw new FuzzInvariantException("chunked and one-shot frame counts differ");

        var at = 0;
        for (var i = 0; i < wholeFrames.Count; i++)
        {
            var a = wholeFrames[i];
            var b = chunkedFrames[i];
            if (a.Type != b.Type || !a.Body.AsSpan().SequenceEqual(b.Body)) throw new FuzzInvariantException($"frame {i} differs between chunked and one-shot");
            if (a.Body.Length > FrameLimits.MaxBodyLength) throw new FuzzInvariantException("frame body over the limit");
            var encoded = FrameEncoder.Encode(a.Type, a.Body);
            if (!stream.Slice(at).StartsWith(encoded)) throw new FuzzInvariantException($"frame {i} does not re-encode to its bytes");
            at += encoded.Length;
            DecodeBody(a);
        }
    }

    private static void DecodeBody(Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Hello: HelloBody(frame.Body); break;
            case FrameType.HelloReply: HelloReplyBody(frame.Body); break;
            case FrameType.Sealed: SealedBody(frame.Body); break;
            default: throw new FuzzInvariantException($"decoder produced unknown frame type {(byte)frame.Type}");
        }
    }

    // ---- hello: Hello, HelloReply and the Sealed header ------------------------------------------

    public static void Hello(ReadOnlySpan<byte> data)
    {
        HelloBody(data);
        HelloReplyBody(data);
        SealedBody(data);
    }

    private static void HelloBody(ReadOnlySpan<byte> body)
    {
        if (HelloCodec.TryDecode(body, out var hello, out var reason))
        {
            if (hello is null || reason is not null) throw new FuzzInvariantException("Hello: success without a value");
            if (!HelloCodec.Encode(hello).AsSpan().SequenceEqual(body)) throw new FuzzInvariantException("Hello does not re-encode to its bytes");
        }
        else if (hello is not null || string.IsNullOrEmpty(reason)) throw new FuzzInvariantException("Hello: failure without a reason");
    }

    private static void HelloReplyBody(ReadOnlySpan<byte> body)
    {
        if (HelloReplyCodec.TryDecode(body, out var reply, out var reason))
        {
            if (reply is null || reason is not null) throw new FuzzInvariantException("HelloReply: success without a value");
            if (!HelloReplyCodec.Encode(reply).AsSpan().SequenceEqual(body)) throw new FuzzInvariantException("HelloReply does not re-encode to its bytes");
        }
        else if (reply is not null || string.IsNullOrEmpty(reason)) throw new FuzzInvariantException("HelloReply: failure without a reason");
    }

    private static void SealedBody(ReadOnlySpan<byte> body)
    {
        var countersOk = SealedHeaderCodec.TryReadCounters(body, out var pn, out var n);
        if (SealedHeaderCodec.TryDecode(body, out var header, out var reason))
        {
            if (header is null || reason is not null || !countersOk) throw new FuzzInvariantException("Sealed: success without a value");
            if (header.PreviousChainLength != pn || header.MessageNumber != n) throw new FuzzInvariantException("Sealed: counters disagree");
            if (!body.StartsWith(SealedHeaderCodec.Encode(header))) throw new FuzzInvariantException("Sealed header does not re-encode to its bytes");
        }
        else if (header is not null || countersOk || string.IsNullOrEmpty(reason)) throw new FuzzInvariantException("Sealed: failure without a reason");
    }

    // ---- payload ----------------------------------------------------------------------------------

    /// A payload is the plaintext of one Sealed frame, so nothing longer than
    /// <see cref="WireSizes.MaxSealedPayloadLength"/> can reach the decoder; longer inputs are cut there.
    public static void Payload(ReadOnlySpan<byte> data)
    {
        if (data.Length > WireSizes.MaxSealedPayloadLength) data = data[..WireSizes.MaxSealedPayloadLength];
        if (PayloadCodec.TryDecode(data, out var payload, out var reason))
        {
            if (payload is null || reason is not null) throw new FuzzInvariantException("payload: success without a value");
            if (!PayloadCodec.Encode(payload).AsSpan().SequenceEqual(data)) throw new FuzzInvariantException($"{payload.GetType().Name} does not re-encode to its bytes");
        }
        else if (payload is not null || string.IsNullOrEmpty(reason)) throw new FuzzInvariantException("payload: failure without a reason");
    }

    // ---- ratchet: DoubleRatchet.TryOpen in both roles, before and after each side's first frame ------

    /// <summary>
    /// Byte 0: the low 2 bits pick the ratchet that opens (<see cref="RatchetStates"/>: the dialer
    /// before and after the listener's first frame, the listener before and after Ready); bits 2-3 how
    /// the rest becomes a Sealed body: 0 as it is; 1 behind the listener's handshake key ephL (public,
    /// in the clear HelloReply: the dialer has no chain for it); 2 behind the peer's current ratchet key;
    /// 3 sealed the way an observer of the clear handshake could (AD = th, header under ephL, message
    /// key from an all-zero chain key, n = byte 1 mod 4). No input is sealed by a real key, so every
    /// one must fail to open, without an exception and without any change to the ratchet's state.
    /// </summary>
    public static void Ratchet(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var states = RatchetStates.Instance;
        var index = data[0] & 3;
        var ratchet = states.Ratchets[index];
        var rest = data[1..];
        byte[] body = ((data[0] >> 2) & 3) switch
        {
            0 => rest.ToArray(),
            1 => [.. states.ListenerHandshakeKeys[index], .. rest],
            2 => [.. states.PeerKeys[index], .. rest],
            _ => RatchetStates.ZeroChainForgery(states.Transcripts[index], states.ListenerHandshakeKeys[index], rest, rest.IsEmpty ? 0u : rest[0] % 4u),
        };
        if (ratchet.TryOpen(body, out _, out var failure)) throw new FuzzInvariantException($"{RatchetStates.Names[index]}: a frame no key sealed opened");
        if (failure == OpenFailure.None) throw new FuzzInvariantException($"{RatchetStates.Names[index]}: failed without a reason");
        if (!ratchet.Fingerprint().AsSpan().SequenceEqual(states.Fingerprints[index]))
            throw new FuzzInvariantException($"{RatchetStates.Names[index]}: a frame that did not open changed the state ({failure})");
    }

    /// <summary>
    /// Four ratchets from one real handshake (random keys, made once per process, on first use: no
    /// instrumented code may run before Fuzzer.Run under afl-fuzz), each frozen in one state.
    /// </summary>
    private sealed class RatchetStates
    {
        public static readonly string[] Names = ["dialer before the listener's first frame", "dialer after it", "listener before Ready", "listener after Ready"];

        private static RatchetStates? _instance;
        public static RatchetStates Instance => _instance ??= new RatchetStates();

        public DoubleRatchet[] Ratchets { get; }
        public byte[][] PeerKeys { get; }
        public byte[][] Fingerprints { get; }
        // Per state, from the clear frames of the handshake that made that ratchet.
        public byte[][] ListenerHandshakeKeys { get; }
        public byte[][] Transcripts { get; }

        private RatchetStates()
        {
            var fresh = Handshaken();
            var answered = Handshaken();
            // One conversation's worth of frames for the "after" states.
            if (!answered.Listener.TryOpen(answered.Dialer.Seal([1]).AsSpan(FrameLimits.Overhead), out _)) throw new InvalidOperationException("Ready did not open");
            if (!answered.Dialer.TryOpen(answered.Listener.Seal([2]).AsSpan(FrameLimits.Overhead), out _)) throw new InvalidOperationException("the answer did not open");
            Ratchets = [fresh.Dialer, answered.Dialer, fresh.Listener, answered.Listener];
            PeerKeys = [fresh.Listener.Inspect().DhsPublic, answered.Listener.Inspect().DhsPublic, fresh.Dialer.Inspect().DhsPublic, answered.Dialer.Inspect().DhsPublic];
            Fingerprints = Ratchets.Select(r => r.Fingerprint()).ToArray();
            var pairs = new[] { fresh, answered, fresh, answered };
            ListenerHandshakeKeys = pairs.Select(p => p.ListenerHandshakeKey).ToArray();
            Transcripts = pairs.Select(p => p.Th).ToArray();
        }

        private sealed record Pair(DoubleRatchet Dialer, DoubleRatchet Listener, byte[] ListenerHandshakeKey, byte[] Th);

        /// A dialer and a listener straight out of a handshake, and what its two clear frames tell anyone.
        private static Pair Handshaken()
        {
            var alice = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var bob = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var cid = new byte[ConversationId.Size];
            using var dialer = new DialerHandshake(new HandshakePeer(cid, "alice", "bob", bob), new EcdsaHandshakeSigner(alice), RandomRatchetKeySource.Instance);
            var listener = new ListenerHandshake(new HandshakePeer(cid, "bob", "alice", alice), new EcdsaHandshakeSigner(bob), RandomRatchetKeySource.Instance);
            if (!listener.TryAccept(dialer.HelloFrame.AsSpan(FrameLimits.Overhead), out var reply, out var listening, out var error)
                || !dialer.TryComplete(reply.AsSpan(FrameLimits.Overhead), out var dialing, out error))
                throw new InvalidOperationException($"the fuzz handshake failed: {error}");
            HelloReplyCodec.TryDecode(reply.AsSpan(FrameLimits.Overhead), out var decoded, out _);
            return new Pair(dialing, listening, decoded!.EphemeralPublicKey.ToArray(), Handshake.ComputeTh(dialer.HelloFrame, reply));
        }

        /// The Sealed body an observer of the handshake could make: AD = th, header under ephL, the
        /// message key from an all-zero chain key stepped as <see cref="RatchetKdf.ChainStep"/> does.
        public static byte[] ZeroChainForgery(ReadOnlySpan<byte> th, ReadOnlySpan<byte> listenerHandshakeKey, ReadOnlySpan<byte> payload, uint n)
        {
            if (payload.Length > WireSizes.MaxSealedPayloadLength) payload = payload[..WireSizes.MaxSealedPayloadLength];
            var chainKey = new byte[RatchetKdf.ChainKeyLength];
            var mk = new byte[RatchetKdf.MessageKeyLength];
            for (var i = 0u; i <= n; i++) RatchetKdf.ChainStep(chainKey, mk, chainKey);
            var body = new byte[WireSizes.MinSealedBodyLength + payload.Length];
            var header = body.AsSpan(0, WireSizes.SealedHeaderLength);
            SealedHeaderCodec.Write(listenerHandshakeKey, 0, n, header);
            byte[] aad = [.. th, .. header];
            using var gcm = new AesGcm(mk.AsSpan(0, RatchetKdf.AesKeyLength), WireSizes.GcmTagLength);
            gcm.Encrypt(mk.AsSpan(RatchetKdf.AesKeyLength, RatchetKdf.NonceLength), payload,
                body.AsSpan(WireSizes.SealedHeaderLength, payload.Length), body.AsSpan(body.Length - WireSizes.GcmTagLength), aad);
            return body;
        }
    }

    // ---- directory: DirectorySerializer.FromBinary ----------------------------------------------------

    /// Every manifest the serializer writes, plus one it must refuse.
    public static readonly IReadOnlyList<string> Manifests =
    [
        "reg", "chal", "proof", "ok", "rej", "sup", "unreg", "who", "online", "prop", "propd", "prec",
        "acc", "dec", "pdec", "pexp", "intro", "refused", "refusal", "intro2", "prop2", "prec2", "pwatch", "ponline", "relayreq", "relaynew", "no-such-manifest",
    ];

    // The serializer never touches its actor system when it reads or writes bytes. Made on first use:
    // under afl-fuzz no instrumented code may run before Fuzzer.Run has mapped the coverage map.
    private static DirectorySerializer? _serializer;
    private static DirectorySerializer Serializer => _serializer ??= new DirectorySerializer(null!);

    /// Byte 0 picks the manifest; the rest is the message. The only allowed failure is
    /// SerializationException; a message it accepts must serialize back to the same bytes.
    public static void Directory(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var manifest = Manifests[data[0] % Manifests.Count];
        var bytes = data[1..].ToArray();
        object message;
        try { message = Serializer.FromBinary(bytes, manifest); }
        catch (SerializationException) { return; }
        // Wire 1.0's "refused" is read, never written: it must read as a refusal, not round-trip.
        if (manifest == "refused")
        {
            if (message is not CommandRefused) throw new FuzzInvariantException($"'refused' read as {message.GetType().Name}");
            return;
        }
        if (Serializer.Manifest(message) != manifest) throw new FuzzInvariantException($"'{manifest}' read back as '{Serializer.Manifest(message)}'");
        if (!Serializer.ToBinary(message).AsSpan().SequenceEqual(bytes)) throw new FuzzInvariantException($"'{manifest}' does not re-serialize to its bytes");
    }

    // ---- relay: the relay preface, both directions ---------------------------------------------------

    /// The request parser (the relay reads exactly 22 bytes, so the input is cut there) and the answer
    /// parser on the whole input. An accepted request or answer must re-encode to its bytes; a refusal
    /// must name its reason; a partial answer must be a prefix of one that reads.
    public static void Relay(ReadOnlySpan<byte> data)
    {
        var request = data[..Math.Min(data.Length, RelayPreface.RequestSize)];
        if (RelayPreface.TryParseRequest(request, out var token, out var refusal, out var reason))
        {
            if (token is null || reason is not null || refusal != RelayRefusal.None) throw new FuzzInvariantException("relay request: success without a token");
            if (!RelayPreface.EncodeRequest(token).AsSpan().SequenceEqual(request)) throw new FuzzInvariantException("relay request does not re-encode to its bytes");
        }
        else if (token is not null || string.IsNullOrEmpty(reason) || refusal == RelayRefusal.None)
            throw new FuzzInvariantException("relay request: refusal without a reason or code");

        if (RelayPreface.TryParseAnswer(data, out var answer, out var consumed, out var error))
        {
            if (answer is null || error is not null || consumed < RelayPreface.AnswerHeaderSize || consumed > data.Length)
                throw new FuzzInvariantException("relay answer: success without a value");
            if (!RelayPreface.EncodeAnswer(answer).AsSpan().SequenceEqual(data[..consumed])) throw new FuzzInvariantException("relay answer does not re-encode to its bytes");
        }
        else if (answer is not null || consumed != 0) throw new FuzzInvariantException("relay answer: failure with a value");
        else if (error is null && data.Length >= RelayPreface.MaxAnswerSize) throw new FuzzInvariantException("relay answer: still waiting after the longest answer");
    }

    // ---- command: the console parsers and the command line ------------------------------------------

    private static ConversationId? _someConversation;
    private static ConversationId SomeConversation => _someConversation ??= ConversationId.FromBytes(new byte[ConversationId.Size]);

    /// Byte 0 picks the parser (low 2 bits: JSON, text, command line, both consoles on raw UTF-16) and, for the text console,
    /// whether a conversation is active or pending (bits 2-3). The rest is UTF-8 as stdin would
    /// decode it. The command line gets its arguments split at NUL and newline; arguments starting
    /// with '@' (System.CommandLine response files, which read the disk) are left out.
    public static void Command(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        var mode = data[0];
        var text = Encoding.UTF8.GetString(data[1..]);
        switch (mode & 3)
        {
            case 0:
                Check(JsonCommandParser.Parse(text), "json");
                break;
            case 3:
                // Raw UTF-16, lone surrogates and all: what a caller other than stdin could pass.
                var raw = new string(MemoryMarshal.Cast<byte, char>(data[1..]));
                Check(JsonCommandParser.Parse(raw), "json");
                Check(TextCommandParser.Parse(raw, null, null), "text");
                break;
            case 1:
                var active = (mode & 4) != 0 ? SomeConversation : null;
                var pending = (mode & 8) != 0 ? SomeConversation : null;
                Check(TextCommandParser.Parse(text, active, pending), "text");
                break;
            case 2:
                var args = text.Split(['\0', '\n']).Where(a => !a.StartsWith('@')).ToArray();
                var code = CommandLine.ParseOnly(args);
                if (code is not (CommandLine.Success or CommandLine.Usage)) throw new FuzzInvariantException($"command line exit code {code}");
                break;
        }
    }

    private static void Check(ConsoleInput input, string parser)
    {
        switch (input)
        {
            case ConsoleInput.Command { Value: not null }:
            case ConsoleInput.Help:
            case ConsoleInput.Nothing:
                return;
            case ConsoleInput.Error e when !string.IsNullOrEmpty(e.Message):
                return;
            default:
                throw new FuzzInvariantException($"{parser} parser returned {input?.GetType().Name ?? "null"}");
        }
    }
}
