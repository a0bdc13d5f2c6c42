using System.Collections;
using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Serialization;

namespace Encryptio.Messages.Tests.Serialization;

public sealed class DirectorySerializerSpecs : TestKit
{
    private readonly DirectorySerializer _serializer;

    public DirectorySerializerSpecs() => _serializer = new DirectorySerializer((ExtendedActorSystem)Sys);

    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly ConversationId Conversation = ConversationId.FromBytes(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
    private static readonly ImmutableArray<byte> Certificate = Enumerable.Range(0, 700).Select(i => (byte)(i * 7)).ToImmutableArray();
    private static readonly PeerEndpoint Endpoint = new("peer.example", 40123);
    private static readonly ImmutableArray<Uid> Members = [Alice, Bob, Uid.Parse("carol_3-x")];

    /// <summary>One of every directory message, with every field set to something non-default.</summary>
    public static TheoryData<string, IDirectoryMessage> Samples() => new()
    {
        { "reg", new Register(Alice, Certificate, Endpoint, Register.CurrentVersion) },
        { "chal", new AuthChallenge(Enumerable.Range(100, 32).Select(i => (byte)i).ToImmutableArray(), "directory-1") },
        { "proof", new AuthProof(Enumerable.Range(0, 96).Select(i => (byte)(255 - i)).ToImmutableArray()) },
        { "ok", new Registered(Alice) },
        { "nodes", new DirectoryNodes([new PeerEndpoint("10.0.0.2", 4053), new PeerEndpoint("dir3.example", 4055)]) },
        { "rej", new RegistrationRejected("certificate is for 'bob', not 'alice' — ünïcode") },
        { "sup", new Superseded(Bob) },
        { "unreg", Unregister.Instance },
        { "who", Who.Instance },
        { "online", new OnlineUsers(Members) },
        { "prop", new Propose([Bob]) },
        { "propd", new Proposed(Conversation, Members) },
        { "prec", new ProposalReceived(Conversation, Alice, Members, Certificate) },
        { "acc", new AcceptProposal(Conversation) },
        { "dec", new DeclineProposal(Conversation) },
        { "pdec", new ProposalDeclined(Conversation, Bob, "went offline") },
        { "pexp", new ProposalExpired(Conversation) },
        { "intro", new Introduction(Conversation, Bob, Certificate, new PeerEndpoint("::1", 1), true, Members) },
        { "intro2", new Introduction(Conversation, Bob, Certificate, new PeerEndpoint("10.0.0.2", 7001), false, Members) { Relay = new RelayOffer(new PeerEndpoint("relay.example", 4054), Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToImmutableArray()) } },
        { "intro2", new Introduction(Conversation, Bob, Certificate, null, true, Members) { Relay = new RelayOffer(new PeerEndpoint("::1", 4054), Enumerable.Range(0, 16).Select(i => (byte)i).ToImmutableArray()) } },
        { "refusal", new CommandRefused(DirectoryCommand.Connect, RefusalCode.NotOnline, "not online: bob") },
        { "prop2", new Propose([Bob]) { Conversation = Conversation, Waiting = 40 } },
        { "prop2", new Propose([Bob]) { Conversation = Conversation } },
        { "prec2", new ProposalReceived(Conversation, Alice, Members, Certificate) { Waiting = 1000 } },
        { "pwatch", new WatchPresence(Conversation, Bob) },
        { "ponline", new PeerOnline(Bob) },
        { "relayreq", new RequestRelay(Conversation, Bob) },
        { "relaynew", new RelayRenewed(Conversation, Alice, new RelayOffer(new PeerEndpoint("relay.example", 4054), Enumerable.Range(0, 16).Select(i => (byte)(i + 40)).ToImmutableArray())) },
        { "krev", new KeyRevoked(Bob, "4F0A19C2", Enumerable.Range(0, 32).Select(i => (byte)(i + 9)).ToImmutableArray(), Enumerable.Range(0, 103).Select(i => (byte)(3 * i)).ToImmutableArray()) },
    };

    [Fact]
    public void An_introduction_with_an_endpoint_and_no_relay_is_still_written_as_wire_1_0()
    {
        var plain = new Introduction(Conversation, Bob, Certificate, new PeerEndpoint("10.0.0.2", 7001), true, Members);

        _serializer.Manifest(plain).Should().Be("intro");
    }

    [Fact]
    public void A_proposal_naming_no_conversation_and_nothing_waiting_is_still_written_as_wire_1_0()
    {
        _serializer.Manifest(new Propose([Bob])).Should().Be("prop");
        _serializer.Manifest(new ProposalReceived(Conversation, Alice, Members, Certificate)).Should().Be("prec");
    }

    [Fact]
    public void A_prec2_with_nothing_waiting_or_a_negative_count_is_refused_so_one_message_never_reads_two_ways()
    {
        foreach (var waiting in new[] { 0, -1 })
        {
            var w = new WireWriter();
            w.Bytes(Conversation.ToBytes()); w.String(Alice.Value); w.Int(1); w.String(Bob.Value); w.Bytes(Certificate); w.Int(waiting);

            var read = () => _serializer.FromBinary(w.ToArray(), "prec2");

            read.Should().Throw<SerializationException>().WithMessage("*waiting count*");
        }
    }

    [Fact]
    public void An_intro2_that_could_have_been_intro_is_refused_so_one_message_never_reads_two_ways()
    {
        var w = new WireWriter();
        w.Bytes(Conversation.ToBytes()); w.String(Bob.Value); w.Bytes(Certificate);
        w.Bool(true); w.String("10.0.0.2"); w.Int(7001);
        w.Bool(true); w.Int(2); w.String(Alice.Value); w.String(Bob.Value);
        w.Bool(false);

        var read = () => _serializer.FromBinary(w.ToArray(), "intro2");

        read.Should().Throw<SerializationException>().WithMessage("*omit the endpoint*");
    }

    [Fact]
    public void A_relay_token_of_the_wrong_size_is_refused()
    {
        var intro = new Introduction(Conversation, Bob, Certificate, null, true, Members) { Relay = new RelayOffer(new PeerEndpoint("r", 1), Enumerable.Repeat((byte)1, 15).ToImmutableArray()) };
        var act = () => _serializer.FromBinary(_serializer.ToBinary(intro), "intro2");
        act.Should().Throw<System.Runtime.Serialization.SerializationException>().WithMessage("*relay token*");
    }

    [Fact]
    public void A_relay_offer_never_shows_its_token_in_a_log_line()
    {
        var offer = new RelayOffer(new PeerEndpoint("relay.example", 4054), Enumerable.Repeat((byte)0xAB, 16).ToImmutableArray());
        offer.ToString().Should().Be("relay relay.example:4054");
        new Introduction(Conversation, Bob, Certificate, null, true, Members) { Relay = offer }.ToString().Should().NotContain("ABABABAB").And.NotContain("171, 171");
        new RelayRenewed(Conversation, Bob, offer).ToString().Should().NotContain("ABABABAB").And.NotContain("171, 171");
    }

    [Fact]
    public void A_fresh_relay_token_of_the_wrong_size_is_refused()
    {
        var renewed = new RelayRenewed(Conversation, Bob, new RelayOffer(new PeerEndpoint("relay.example", 4054), Enumerable.Repeat((byte)1, 15).ToImmutableArray()));
        var act = () => _serializer.FromBinary(_serializer.ToBinary(renewed), "relaynew");
        act.Should().Throw<System.Runtime.Serialization.SerializationException>().WithMessage("*16 bytes*");
    }

    [Fact]
    public void A_node_list_longer_than_its_limit_is_refused_before_reading_the_nodes()
    {
        var w = new WireWriter();
        w.Int(DirectoryNodes.MaxNodes + 1);
        for (var i = 0; i <= DirectoryNodes.MaxNodes; i++) { w.String("10.0.0.1"); w.Int(4053 + i); }

        var read = () => _serializer.FromBinary(w.ToArray(), "nodes");

        read.Should().Throw<SerializationException>();
    }

    [Fact]
    public void Every_directory_message_type_has_a_sample()
    {
        var messageTypes = typeof(IDirectoryMessage).Assembly.GetTypes()
            .Where(t => typeof(IDirectoryMessage).IsAssignableFrom(t) && !t.IsInterface);
        var sampled = Samples().Select(row => row[1].GetType()).Distinct();

        sampled.Should().BeEquivalentTo(messageTypes);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_message_round_trips_field_by_field_under_its_manifest(string manifest, IDirectoryMessage message)
    {
        _serializer.Manifest(message).Should().Be(manifest);

        var copy = _serializer.FromBinary(_serializer.ToBinary(message), manifest);

        copy.Should().BeOfType(message.GetType());
        AssertSameFields(message, copy);
    }

    [Fact]
    public void Messages_round_trip_through_the_actor_systems_serialization_binding()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("""
            akka.actor.serializers.encryptio-directory = "Encryptio.Messages.Serialization.DirectorySerializer, Encryptio.Messages"
            akka.actor.serialization-bindings { "Encryptio.Messages.Directory.IDirectoryMessage, Encryptio.Messages" = encryptio-directory }
            """);
        using var system = ActorSystem.Create("bound", config);
        var serialization = system.Serialization;
        var message = new ProposalReceived(Conversation, Alice, Members, Certificate);

        var serializer = serialization.FindSerializerFor(message);

        serializer.Identifier.Should().Be(DirectorySerializer.Id);
        AssertSameFields(message, serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, _serializer.Manifest(message)));
    }

    [Fact]
    public void The_comparison_notices_a_changed_byte()
    {
        var original = new AuthProof([1, 2, 3]);
        var tampered = new AuthProof([1, 2, 4]);

        var compare = () => AssertSameFields(original, tampered);

        compare.Should().Throw<Exception>();
    }

    [Fact]
    public void An_unknown_manifest_is_rejected()
    {
        var bytes = _serializer.ToBinary(new Registered(Alice));

        var read = () => _serializer.FromBinary(bytes, "System.Diagnostics.Process, System");

        read.Should().Throw<SerializationException>().WithMessage("*unknown directory manifest*");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_truncation_of_a_message_is_rejected(string manifest, IDirectoryMessage message)
    {
        var bytes = _serializer.ToBinary(message);

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            var read = () => _serializer.FromBinary(prefix, manifest);
            read.Should().Throw<SerializationException>($"{length} of {bytes.Length} bytes of '{manifest}'");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Trailing_bytes_are_rejected(string manifest, IDirectoryMessage message)
    {
        var bytes = _serializer.ToBinary(message).Append((byte)0).ToArray();

        var read = () => _serializer.FromBinary(bytes, manifest);

        read.Should().Throw<SerializationException>().WithMessage("*trailing*");
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("1alice")]
    [InlineData("al ice")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    public void A_uid_that_breaks_the_uid_rules_is_rejected(string uid)
    {
        var bytes = StringField(uid);

        var read = () => _serializer.FromBinary(bytes, "ok");

        read.Should().Throw<SerializationException>();
    }

    [Fact]
    public void A_uid_that_is_not_UTF8_is_rejected()
    {
        byte[] bytes = [0, 0, 0, 2, 0xC3, 0x28];

        var read = () => _serializer.FromBinary(bytes, "sup");

        read.Should().Throw<SerializationException>().WithMessage("*UTF-8*");
    }

    [Fact]
    public void A_length_beyond_its_field_limit_is_rejected_before_reading()
    {
        byte[] bytes = [0x7F, 0xFF, 0xFF, 0xFF];

        var read = () => _serializer.FromBinary(bytes, "proof");

        read.Should().Throw<SerializationException>().WithMessage("*outside*");
    }

    [Fact]
    public void A_conversation_id_of_the_wrong_size_is_rejected()
    {
        byte[] bytes = [0, 0, 0, 3, 1, 2, 3];

        var read = () => _serializer.FromBinary(bytes, "acc");

        read.Should().Throw<SerializationException>();
    }

    [Fact]
    public void Something_that_is_not_a_directory_message_is_not_serialized()
    {
        var write = () => _serializer.ToBinary("a string");

        write.Should().Throw<ArgumentException>();
    }

    /// <summary>u32 big-endian length | UTF-8, as WireWriter writes a string.</summary>
    private static byte[] StringField(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return [(byte)(utf8.Length >> 24), (byte)(utf8.Length >> 16), (byte)(utf8.Length >> 8), (byte)utf8.Length, .. utf8];
    }

    /// <summary>
    /// Compares every public property. Records compare ImmutableArray fields by reference, so
    /// sequences are compared element by element instead.
    /// </summary>
    private static void AssertSameFields(object expected, object actual)
    {
        actual.GetType().Should().Be(expected.GetType());
        foreach (var property in expected.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var want = property.GetValue(expected);
            var got = property.GetValue(actual);
            if (want is IEnumerable wantItems and not string && got is IEnumerable gotItems)
                gotItems.Cast<object>().SequenceEqual(wantItems.Cast<object>()).Should().BeTrue($"{expected.GetType().Name}.{property.Name} should hold the same elements");
            else
                got.Should().Be(want, $"{expected.GetType().Name}.{property.Name}");
        }
    }
}
