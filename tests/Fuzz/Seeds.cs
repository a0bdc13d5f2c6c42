using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Relay;
using Encryptio.Messages.Serialization;

namespace Encryptio.Fuzz;

/// <summary>
/// The seed corpus: valid inputs made by the project's own encoders, plus the known-answer frames of
/// tests/Peer.Actors.Tests/Vectors/p2p-v1.json. Deterministic, so `seed` rewrites the same files.
/// </summary>
public static class Seeds
{
    public static IReadOnlyDictionary<string, byte[]> For(string target, string vectorsPath) => target switch
    {
        "frame" => FrameSeeds(Vectors.Load(vectorsPath)),
        "hello" => HelloSeeds(Vectors.Load(vectorsPath)),
        "payload" => PayloadSeeds(Vectors.Load(vectorsPath)),
        "directory" => DirectorySeeds(),
        "command" => CommandSeeds(),
        "ratchet" => RatchetSeeds(),
        "relay" => RelaySeeds(),
        _ => throw new ArgumentException($"unknown fuzz target '{target}'", nameof(target)),
    };

    /// Writes every target's seeds into DIR/TARGET/NAME and returns how many files were written.
    public static int Write(string directory, string vectorsPath)
    {
        var count = 0;
        foreach (var target in FuzzTargets.Names)
        {
            var folder = Path.Combine(directory, target);
            System.IO.Directory.CreateDirectory(folder);
            foreach (var (name, bytes) in For(target, vectorsPath))
            {
                File.WriteAllBytes(Path.Combine(folder, name), bytes);
                count++;
            }
        }
        return count;
    }

    public sealed record Vectors(byte[] HelloFrame, byte[] HelloReplyFrame, IReadOnlyList<byte[]> SealedFrames, IReadOnlyList<byte[]> Payloads)
    {
        public static Vectors Load(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var handshake = json.RootElement.GetProperty("handshake");
            var messages = json.RootElement.GetProperty("ratchet").GetProperty("messages").EnumerateArray().ToList();
            return new Vectors(
                Hex(handshake, "hello_frame"),
                Hex(handshake, "hello_reply_frame"),
                messages.Select(m => Hex(m, "sealed_frame")).ToList(),
                messages.Select(m => Hex(m, "payload")).ToList());
        }

        private static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString()!);
    }

    private static Dictionary<string, byte[]> FrameSeeds(Vectors v)
    {
        // Two leading bytes choose the chunking (FuzzTargets.Frame): seed, largest chunk - 1.
        static byte[] Cut(byte seed, byte max, params byte[][] frames) => [seed, max, .. frames.SelectMany(f => f)];
        var seeds = new Dictionary<string, byte[]>
        {
            ["vector-hello-1byte-chunks"] = Cut(0, 0, v.HelloFrame),
            ["vector-hello-reply"] = Cut(7, 31, v.HelloReplyFrame),
            ["vector-handshake-and-first-sealed"] = Cut(42, 255, v.HelloFrame, v.HelloReplyFrame, v.SealedFrames[0]),
            ["vector-all-sealed"] = Cut(3, 96, [.. v.SealedFrames]),
            ["encoder-empty-bodies"] = Cut(1, 2, FrameEncoder.Encode(FrameType.Hello, []), FrameEncoder.Encode(FrameType.Sealed, [])),
            ["encoder-long-sealed"] = Cut(9, 200, FrameEncoder.Encode(FrameType.Sealed, Enumerable.Range(0, 1500).Select(i => (byte)i).ToArray())),
            ["bad-length-zero"] = Cut(5, 4, [0, 0, 0, 0, 1]),
            ["bad-type"] = Cut(5, 4, FrameEncoder.Encode(FrameType.Hello, [1, 2, 3]).Select((b, i) => i == 4 ? (byte)9 : b).ToArray()),
        };
        for (var i = 0; i < v.SealedFrames.Count; i++) seeds[$"vector-sealed-{i}"] = Cut((byte)(i * 17), (byte)(i * 13), v.SealedFrames[i]);
        return seeds;
    }

    private static Dictionary<string, byte[]> HelloSeeds(Vectors v)
    {
        var seeds = new Dictionary<string, byte[]>
        {
            ["vector-hello-body"] = v.HelloFrame[FrameLimits.Overhead..],
            ["vector-hello-reply-body"] = v.HelloReplyFrame[FrameLimits.Overhead..],
            ["encoder-hello-long-uids"] = HelloCodec.Encode(new Hello(WireSizes.ProtocolVersion, Filled(WireSizes.ConversationIdLength, 0x11),
                new string('a', 32), "b" + new string('9', 31), Filled(WireSizes.PublicKeyLength, 0x04), Filled(WireSizes.SignatureLength, 0x5a))),
            ["encoder-hello-unicode-uids"] = HelloCodec.Encode(new Hello(2, Filled(WireSizes.ConversationIdLength, 0), "é✓", "",
                Filled(WireSizes.PublicKeyLength, 0), Filled(WireSizes.SignatureLength, 0))),
            ["encoder-sealed-header"] = [.. SealedHeaderCodec.Encode(new SealedHeader(Filled(WireSizes.PublicKeyLength, 4), 7, 0xfffffffe)), .. Filled(WireSizes.GcmTagLength, 0xee)],
        };
        for (var i = 0; i < v.SealedFrames.Count; i++) seeds[$"vector-sealed-body-{i}"] = v.SealedFrames[i][FrameLimits.Overhead..];
        return seeds;
    }

    private static Dictionary<string, byte[]> PayloadSeeds(Vectors v)
    {
        var id = MessageId.FromBytes(Filled(MessageId.Length, 0x42));
        var seeds = new Dictionary<string, byte[]>
        {
            ["encoder-ready"] = PayloadCodec.Encode(ReadyPayload.Instance),
            ["encoder-bye"] = PayloadCodec.Encode(ByePayload.Instance),
            ["encoder-ack-empty"] = PayloadCodec.Encode(new AckPayload([])),
            ["encoder-ack-3"] = PayloadCodec.Encode(new AckPayload([id, MessageId.FromBytes(Filled(16, 1)), MessageId.FromBytes(Filled(16, 0xff))])),
            ["encoder-chat-empty"] = PayloadCodec.Encode(new ChatPayload(id, 0, PayloadLimits.MinTtlSeconds, "")),
            ["encoder-chat-max-ttl"] = PayloadCodec.Encode(new ChatPayload(id, long.MaxValue, PayloadLimits.MaxTtlSeconds, "ok 👍 – ✓ é")),
        };
        for (var i = 0; i < v.Payloads.Count; i++) seeds[$"vector-payload-{i}"] = v.Payloads[i];
        return seeds;
    }

    private static Dictionary<string, byte[]> DirectorySeeds()
    {
        var alice = Uid.Parse("alice");
        var bob = Uid.Parse("bob");
        var carol = Uid.Parse("carol_3-x");
        var conversation = ConversationId.FromBytes(Filled(ConversationId.Size, 0x0f));
        var certificate = ImmutableArray.Create(Filled(300, 0x30));
        var endpoint = new PeerEndpoint("127.0.0.1", 4054);
        IDirectoryMessage[] messages =
        [
            new Register(alice, certificate, endpoint, Register.CurrentVersion),
            new AuthChallenge(ImmutableArray.Create(Filled(AuthChallenge.NonceSize, 0x77)), "directory-1"),
            new AuthProof(ImmutableArray.Create(Filled(96, 0x55))),
            new Registered(alice),
            new RegistrationRejected("certificate not signed by this CA"),
            new Superseded(bob),
            Unregister.Instance,
            Who.Instance,
            new OnlineUsers([alice, bob, carol]),
            new Propose([bob, carol]),
            new Proposed(conversation, [alice, bob]),
            new ProposalReceived(conversation, alice, [alice, bob, carol], certificate),
            new AcceptProposal(conversation),
            new DeclineProposal(conversation),
            new ProposalDeclined(conversation, bob, "declined"),
            new ProposalExpired(conversation),
            new Introduction(conversation, bob, certificate, new PeerEndpoint("::1", 65535), true, [alice, bob]),
            new CommandRefused(DirectoryCommand.Connect, RefusalCode.NotOnline, "bob is offline"),
            new Introduction(conversation, bob, certificate, null, true, [alice, bob]) { Relay = new RelayOffer(endpoint, ImmutableArray.Create(Filled(16, 0x7e))) },
            new Propose([bob]) { Conversation = conversation, Waiting = 40 },
            new ProposalReceived(conversation, alice, [alice, bob], certificate) { Waiting = 40 },
            new WatchPresence(conversation, bob),
            new PeerOnline(bob),
            new RequestRelay(conversation, bob),
            new RelayRenewed(conversation, alice, new RelayOffer(endpoint, ImmutableArray.Create(Filled(16, 0x5a)))),
        ];
        var serializer = new DirectorySerializer(null!);
        var seeds = new Dictionary<string, byte[]>();
        foreach (var message in messages)
        {
            var manifest = serializer.Manifest(message);
            var index = FuzzTargets.Manifests.ToList().IndexOf(manifest);
            seeds[$"encoder-{manifest}"] = [(byte)index, .. serializer.ToBinary(message)];
        }
        // What a wire 1.0 directory wrote for a refusal, still read by this build.
        seeds["legacy-refused"] = [(byte)FuzzTargets.Manifests.ToList().IndexOf("refused"), 0, 0, 0, 7, .. "Propose"u8, 0, 0, 0, 14, .. "bob is offline"u8];
        seeds["unknown-manifest"] = [(byte)(FuzzTargets.Manifests.Count - 1), 0, 0, 0, 0];
        return seeds;
    }

    private static Dictionary<string, byte[]> CommandSeeds()
    {
        const string cid = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        static byte[] Mode(byte mode, string text) => [mode, .. Encoding.UTF8.GetBytes(text)];
        static byte[] Cli(params string[] args) => Mode(2, string.Join('\n', args));
        return new Dictionary<string, byte[]>
        {
            ["json-connect"] = Mode(0, """{"cmd":"connect","to":["bob","carol"]}"""),
            ["json-connect-one"] = Mode(0, """{"cmd":"connect","to":"bob"}"""),
            ["json-accept"] = Mode(0, $$"""{"cmd":"accept","conversation":"{{cid}}"}"""),
            ["json-decline"] = Mode(0, $$"""{"cmd":"decline","conversation":"{{cid}}"}"""),
            ["json-send"] = Mode(0, $$"""{"cmd":"send","conversation":"{{cid}}","text":"h\u00e9llo \ud83d\udc4d"}"""),
            ["json-leave"] = Mode(0, $$"""{"cmd":"leave","conversation":"{{cid}}"}"""),
            ["json-verify"] = Mode(0, """{"cmd":"verify","uid":"bob"}"""),
            ["json-trust"] = Mode(0, """{"cmd":"trust","uid":"bob"}"""),
            ["json-ttl"] = Mode(0, """{"cmd":"ttl","seconds":3600}"""),
            ["json-history"] = Mode(0, $$"""{"cmd":"history","conversation":"{{cid}}"}"""),
            ["json-who-quit-help"] = Mode(0, """{"cmd":"who"} {"cmd":"quit"} {"cmd":"help"}"""),
            ["text-uid"] = Mode(1, "bob"),
            ["text-enter-pending"] = Mode(1 | 8, ""),
            ["text-message-active"] = Mode(1 | 4, "hello there ✓"),
            ["text-connect"] = Mode(1, "/connect bob carol"),
            ["text-commands"] = Mode(1 | 4 | 8, "/ttl 60"),
            ["text-verify"] = Mode(1, "/verify bob"),
            ["text-help"] = Mode(1, "/help"),
            ["cli-init"] = Cli("init", "--home", "/tmp/x", "--host", "a.example", "b.example"),
            ["cli-enroll"] = Cli("enroll", "alice", "--home", "/tmp/x"),
            ["cli-directory"] = Cli("directory", "--host", "0.0.0.0", "--port", "4053"),
            ["cli-peer"] = Cli("peer", "alice", "--directory", "127.0.0.1:4053", "--p2p-port", "0", "--advertise", "[::1]:5000", "--json"),
            ["cli-demo"] = Cli("demo"),
            ["cli-help"] = Cli("peer", "--help"),
        };
    }

    /// Every state (low 2 bits of byte 0) with every way of building the body (bits 2-3), see
    /// FuzzTargets.Ratchet: pn = 0, n = 0 or 1, then a ciphertext of 4 bytes and a 16-byte tag.
    private static Dictionary<string, byte[]> RatchetSeeds()
    {
        string[] states = ["dialer-fresh", "dialer-answered", "listener-fresh", "listener-ready"];
        string[] modes = ["raw", "under-ephL", "under-peer-key", "zero-chain-forgery"];
        var seeds = new Dictionary<string, byte[]>();
        for (var mode = 0; mode < modes.Length; mode++)
            for (var state = 0; state < states.Length; state++)
            {
                byte n = (byte)(state & 1);
                byte[] counters = [0, 0, 0, 0, 0, 0, 0, n];
                byte[] rest = mode switch
                {
                    0 => [.. Filled(WireSizes.PublicKeyLength, 4), .. counters, 1, 2, 3, 4, .. Filled(WireSizes.GcmTagLength, 0)],
                    3 => [n, .. Encoding.UTF8.GetBytes("forged")],
                    _ => [.. counters, 1, 2, 3, 4, .. Filled(WireSizes.GcmTagLength, 0)],
                };
                seeds[$"{modes[mode]}-{states[state]}"] = [(byte)(mode << 2 | state), .. rest];
            }
        return seeds;
    }

    private static Dictionary<string, byte[]> RelaySeeds()
    {
        var token = Enumerable.Range(0, RelayPreface.TokenSize).Select(i => (byte)(0xA0 + i)).ToArray();
        return new Dictionary<string, byte[]>
        {
            ["request"] = RelayPreface.EncodeRequest(token),
            ["answer-ok-then-frame"] = [.. RelayPreface.EncodeAnswer(RelayAnswer.Spliced), 0, 0, 0, 4, 1, 9, 9, 9],
            ["answer-refused"] = RelayPreface.EncodeAnswer(new RelayAnswer(RelayRefusal.TokenNotYours, "token issued for two other users")),
            ["answer-refused-unicode"] = RelayPreface.EncodeAnswer(new RelayAnswer(RelayRefusal.UidLimit, "lietuvių ž " + new string('x', 150))),
            ["garbage-http"] = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: relay\r\n\r\n"),
        };
    }

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
