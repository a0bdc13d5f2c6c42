using System.Text.Json;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Tests.P2P;

public sealed class PayloadCodecSpecs
{
    private static JsonElement Payloads => VectorFile.Root.GetProperty("payloads");

    public static TheoryData<string> PayloadVectorNames => new(Payloads.EnumerateObject().Select(p => p.Name));

    private static IPayload FromFields(string name)
    {
        var v = Payloads.GetProperty(name);
        return name switch
        {
            "ready" => ReadyPayload.Instance,
            "bye" => ByePayload.Instance,
            "ack" => new AckPayload(v.GetProperty("message_ids").EnumerateArray().Select(id => MessageId.Parse(id.GetString()!)).ToArray()),
            _ => new ChatPayload(
                MessageId.Parse(v.GetProperty("message_id").GetString()!),
                v.GetProperty("sent_at").GetInt64(),
                v.GetProperty("ttl").GetUInt32(),
                v.GetProperty("text").GetString()!),
        };
    }

    [Theory]
    [MemberData(nameof(PayloadVectorNames))]
    public void Every_payload_vector_encodes_to_its_exact_bytes(string name)
    {
        PayloadCodec.Encode(FromFields(name)).Should().Equal(Payloads.GetProperty(name).GetProperty("bytes").Hex());
    }

    [Theory]
    [MemberData(nameof(PayloadVectorNames))]
    public void Encoding_into_a_larger_span_writes_the_same_exact_bytes(string name)
    {
        var expected = Payloads.GetProperty(name).GetProperty("bytes").Hex();
        var payload = FromFields(name);
        var destination = Enumerable.Repeat((byte)0xEE, expected.Length + 7).ToArray();

        PayloadCodec.GetEncodedLength(payload).Should().Be(expected.Length);
        PayloadCodec.Encode(payload, destination).Should().Be(expected.Length);

        destination[..expected.Length].Should().Equal(expected);
        destination[expected.Length..].Should().OnlyContain(b => b == 0xEE);
    }

    [Fact]
    public void Encoding_into_a_span_too_short_throws_and_writes_nothing()
    {
        var payload = FromFields("chat");
        var destination = new byte[PayloadCodec.GetEncodedLength(payload) - 1];

        var encode = () => PayloadCodec.Encode(payload, destination);

        encode.Should().Throw<ArgumentException>();
        destination.Should().OnlyContain(b => b == 0);
    }

    [Theory]
    [MemberData(nameof(PayloadVectorNames))]
    public void Every_payload_vector_decodes_to_its_fields(string name)
    {
        PayloadCodec.TryDecode(Payloads.GetProperty(name).GetProperty("bytes").Hex(), out var payload, out var reason)
            .Should().BeTrue(reason);

        payload.Should().Be(FromFields(name));
    }

    [Fact]
    public void Chat_text_is_counted_in_UTF8_bytes_not_chars()
    {
        var chat = (ChatPayload)FromFields("chat");
        var bytes = PayloadCodec.Encode(chat);

        bytes.Should().HaveCount(33 + Payloads.GetProperty("chat").GetProperty("text_utf8").Hex().Length);
        chat.Text.Length.Should().BeLessThan(bytes.Length - 33);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(604801u)]
    public void A_chat_with_a_ttl_outside_1_to_604800_is_a_bad_payload(uint ttl)
    {
        var bytes = ChatBytes(ttl: 300, text: "hi");
        bytes[25..29].Should().Equal(0, 0, 1, 44);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(25), ttl);

        PayloadCodec.TryDecode(bytes, out var payload, out var reason).Should().BeFalse();
        payload.Should().BeNull();
        reason.Should().Contain("ttl");
        var encode = () => PayloadCodec.Encode(new ChatPayload(MessageId.NewRandom(), 0, ttl, "hi"));
        encode.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(604800u)]
    public void Both_ttl_bounds_are_allowed(uint ttl)
    {
        PayloadCodec.TryDecode(ChatBytes(ttl, "x"), out _, out var reason).Should().BeTrue(reason);
    }

    [Theory]
    [InlineData(new byte[] { 3, 0 })]
    [InlineData(new byte[] { 4, 4 })]
    public void Ready_or_Bye_with_an_extra_byte_is_a_bad_payload(byte[] bytes)
    {
        PayloadCodec.TryDecode(bytes, out _, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-16)]
    public void An_ack_whose_count_does_not_match_its_body_is_a_bad_payload(int delta)
    {
        var good = Payloads.GetProperty("ack").GetProperty("bytes").Hex();
        var bad = delta > 0 ? [.. good, .. new byte[delta]] : good[..^(-delta)];

        PayloadCodec.TryDecode(bad, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("Ack");
    }

    [Fact]
    public void An_ack_claiming_65535_ids_in_a_short_body_is_refused_without_allocating_for_them()
    {
        PayloadCodec.TryDecode([2, 0xFF, 0xFF, 1, 2, 3], out _, out _).Should().BeFalse();
    }

    [Fact]
    public void An_ack_with_no_ids_decodes()
    {
        PayloadCodec.TryDecode([2, 0, 0], out var payload, out _).Should().BeTrue();
        ((AckPayload)payload!).Ids.Should().BeEmpty();
    }

    [Fact]
    public void Chat_text_that_is_not_valid_UTF8_is_a_bad_payload()
    {
        var bytes = ChatBytes(60, "ab");
        bytes[^1] = 0xC3; // a lead byte with no continuation

        PayloadCodec.TryDecode(bytes, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("UTF-8");
    }

    [Fact]
    public void Chat_text_of_exactly_16_KiB_is_allowed_and_one_byte_more_is_refused()
    {
        var max = new string('a', PayloadLimits.MaxTextBytes);
        PayloadCodec.TryDecode(ChatBytes(60, max), out _, out _).Should().BeTrue();

        var over = ChatBytes(60, max);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(over.AsSpan(29), PayloadLimits.MaxTextBytes + 1);
        PayloadCodec.TryDecode([.. over, (byte)'a'], out _, out var reason).Should().BeFalse();
        reason.Should().Contain("16 KiB");

        var encode = () => PayloadCodec.Encode(new ChatPayload(MessageId.NewRandom(), 0, 60, max + "é"));
        encode.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_chat_with_a_text_length_that_does_not_match_the_body_is_a_bad_payload()
    {
        var bytes = ChatBytes(60, "abc");
        PayloadCodec.TryDecode(bytes[..^1], out _, out _).Should().BeFalse();
        PayloadCodec.TryDecode([.. bytes, 0x61], out _, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 5 })]
    [InlineData(new byte[] { 1, 1, 2 })]
    public void Empty_unknown_or_truncated_payloads_are_refused(byte[] bytes)
    {
        PayloadCodec.TryDecode(bytes, out var payload, out var reason).Should().BeFalse();
        payload.Should().BeNull();
        reason.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Random_bytes_never_make_the_payload_decoder_throw()
    {
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (bytes.Length > 0) bytes[0] = (byte)random.Next(0, 6);
            PayloadCodec.TryDecode(bytes, out _, out _);
        }
    }

    private static byte[] ChatBytes(uint ttl, string text) =>
        PayloadCodec.Encode(new ChatPayload(MessageId.Parse("00112233445566778899aabbccddeeff"), 1767225600000, ttl, text));
}
