using System.Text.Json;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Tests.P2P;

public sealed class HandshakeCodecSpecs
{
    private static JsonElement Handshake => VectorFile.Root.GetProperty("handshake");
    private static byte[] HelloBody => Handshake.GetProperty("hello_frame").Hex()[FrameLimits.Overhead..];
    private static byte[] ReplyBody => Handshake.GetProperty("hello_reply_frame").Hex()[FrameLimits.Overhead..];

    [Fact]
    public void The_vector_hello_decodes_into_its_fields_and_encodes_back_byte_for_byte()
    {
        HelloCodec.TryDecode(HelloBody, out var hello, out var reason).Should().BeTrue(reason);

        hello!.Version.Should().Be(1);
        hello.ConversationId.Should().Equal(VectorFile.Root.GetProperty("conversation_id").Hex());
        hello.FromUid.Should().Be("alice");
        hello.ToUid.Should().Be("bob");
        hello.EphemeralPublicKey.Should().Equal(VectorFile.Root.GetProperty("ephemeral_keys").GetProperty("ephD").GetProperty("public").Hex());
        hello.Signature.Should().Equal(Handshake.GetProperty("hello_signature").Hex());
        HelloCodec.Encode(hello).Should().Equal(HelloBody);
        FrameEncoder.Encode(FrameType.Hello, HelloCodec.Encode(hello)).Should().HaveCount(225);
    }

    [Theory]
    [InlineData("hello_from_uid_length_too_long")]
    [InlineData("hello_to_uid_length_too_short")]
    [InlineData("hello_trailing_byte")]
    public void A_hello_whose_fields_do_not_line_up_exactly_is_refused(string negative)
    {
        var body = VectorFile.Negative(negative).GetProperty("bytes").Hex()[FrameLimits.Overhead..];

        HelloCodec.TryDecode(body, out var hello, out var reason).Should().BeFalse();
        hello.Should().BeNull();
        reason.Should().StartWith("Hello");
    }

    [Fact]
    public void Every_truncation_of_a_hello_is_refused()
    {
        for (var length = 0; length < HelloBody.Length; length++)
            HelloCodec.TryDecode(HelloBody.AsSpan(0, length), out _, out _).Should().BeFalse();
    }

    [Fact]
    public void A_hello_with_invalid_UTF8_in_a_uid_is_refused()
    {
        var body = HelloBody;
        body[18] = 0xFF; // inside "alice"

        HelloCodec.TryDecode(body, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("fromUid");
    }

    [Fact]
    public void The_vector_hello_reply_round_trips_and_is_exactly_193_bytes()
    {
        HelloReplyCodec.TryDecode(ReplyBody, out var reply, out var reason).Should().BeTrue(reason);
        HelloReplyCodec.Encode(reply!).Should().Equal(ReplyBody);

        HelloReplyCodec.TryDecode(ReplyBody[..^1], out _, out _).Should().BeFalse();
        HelloReplyCodec.TryDecode([.. ReplyBody, 0], out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Sealed_headers_of_the_vector_messages_read_back_their_counters()
    {
        foreach (var message in VectorFile.Root.GetProperty("ratchet").GetProperty("messages").EnumerateArray())
        {
            var body = message.GetProperty("sealed_frame").Hex()[FrameLimits.Overhead..];
            SealedHeaderCodec.TryDecode(body, out var header, out var reason).Should().BeTrue(reason);

            header!.PreviousChainLength.Should().Be(message.GetProperty("pn").GetUInt32());
            header.MessageNumber.Should().Be(message.GetProperty("n").GetUInt32());
            SealedHeaderCodec.Encode(header).Should().Equal(message.GetProperty("header").Hex());
        }
    }

    [Fact]
    public void A_sealed_body_shorter_than_121_bytes_is_invalid()
    {
        SealedHeaderCodec.TryDecode(new byte[120], out _, out _).Should().BeFalse();
        SealedHeaderCodec.TryDecode(new byte[121], out _, out _).Should().BeTrue();
    }

    [Fact]
    public void Wire_strings_are_length_prefixed_strict_UTF8()
    {
        WireString.Encode("bob").Should().Equal(3, (byte)'b', (byte)'o', (byte)'b');
        WireString.TryRead([2, 0xC3, 0xA9, 0x99], out var value, out var consumed).Should().BeTrue();
        value.Should().Be("é");
        consumed.Should().Be(3);

        WireString.TryRead([2, 0xC3, 0x28], out _, out _).Should().BeFalse("invalid UTF-8 is rejected, never replaced");
        WireString.TryRead([4, 0x61], out _, out _).Should().BeFalse();
        var tooLong = () => WireString.Encode(new string('a', 256));
        tooLong.Should().Throw<ArgumentException>();
    }
}
