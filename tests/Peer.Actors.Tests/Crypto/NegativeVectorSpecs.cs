using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class NegativeVectorSpecs
{
    public static TheoryData<string, HandshakeError> HelloCases => new()
    {
        { "hello_ephemeral_off_curve", HandshakeError.InvalidEphemeralKey },
        { "hello_ephemeral_zero_point", HandshakeError.InvalidEphemeralKey },
        { "hello_from_uid_length_too_long", HandshakeError.Malformed },
        { "hello_to_uid_length_too_short", HandshakeError.Malformed },
        { "hello_version_2", HandshakeError.UnsupportedVersion },
        { "hello_trailing_byte", HandshakeError.Malformed },
    };

    [Theory]
    [MemberData(nameof(HelloCases))]
    public void A_bad_hello_fails_the_handshake_and_the_listener_sends_no_reply(string name, HandshakeError expected)
    {
        var frames = Decode(Vectors.Negative(name).GetProperty("bytes").Hex());
        frames.Should().ContainSingle().Which.Type.Should().Be(FrameType.Hello);
        var keys = new FixedKeySource();
        var listener = VectorSession.NewListener(keys);

        listener.TryAccept(frames[0].Body, out var reply, out var ratchet, out var error).Should().BeFalse();

        error.Should().Be(expected);
        reply.Should().BeNull();
        ratchet.Should().BeNull();
        keys.Handed.Should().Be(0, "no ephemeral is made for a Hello that does not check out");
    }

    [Fact]
    public void The_off_curve_points_do_not_import()
    {
        foreach (var name in new[] { "hello_ephemeral_off_curve", "hello_ephemeral_zero_point" })
        {
            var body = Decode(Vectors.Negative(name).GetProperty("bytes").Hex())[0].Body;
            HelloCodec.TryDecode(body, out var hello, out _).Should().BeTrue();
            P384.TryImportPublicKey(hello!.EphemeralPublicKey, out _).Should().BeFalse();
            Handshake.VerifySignature(Vectors.IdentityPublic("alice"), Handshake.HelloSigned(body), hello.Signature)
                .Should().BeTrue("the case was re-signed, so only the point check can reject it");
        }
    }

    [Fact]
    public void A_reply_signed_by_the_wrong_identity_fails_the_dialers_handshake()
    {
        using var session = new VectorSession();
        var reply = Decode(Vectors.Negative("hello_reply_signed_by_wrong_identity").GetProperty("bytes").Hex()).Single();

        session.Dialer.TryComplete(reply.Body, out var ratchet, out var error).Should().BeFalse();

        error.Should().Be(HandshakeError.BadSignature);
        ratchet.Should().BeNull();
        session.AliceKeys.Handed.Should().Be(1, "only ephD: no ratchet key, so no Sealed frame");
    }

    [Fact]
    public void A_hello_from_someone_other_than_the_introduced_member_fails()
    {
        var listener = new ListenerHandshake(
            new HandshakePeer(Vectors.ConversationId, "bob", "carol", Vectors.IdentityPublic("alice")),
            new RecordedSigner([], []), new FixedKeySource());

        listener.TryAccept(VectorSession.Body(Vectors.Hex("hello_frame")), out _, out _, out var error).Should().BeFalse();
        error.Should().Be(HandshakeError.UnexpectedSender);
    }

    [Fact]
    public void A_hello_addressed_to_another_uid_or_conversation_fails()
    {
        var wrongRecipient = new ListenerHandshake(
            new HandshakePeer(Vectors.ConversationId, "bobby", "alice", Vectors.IdentityPublic("alice")),
            new RecordedSigner([], []), new FixedKeySource());
        var wrongConversation = new ListenerHandshake(
            new HandshakePeer(new byte[16], "bob", "alice", Vectors.IdentityPublic("alice")),
            new RecordedSigner([], []), new FixedKeySource());
        var body = VectorSession.Body(Vectors.Hex("hello_frame"));

        wrongRecipient.TryAccept(body, out _, out _, out var e1).Should().BeFalse();
        wrongConversation.TryAccept(body, out _, out _, out var e2).Should().BeFalse();
        e1.Should().Be(HandshakeError.WrongRecipient);
        e2.Should().Be(HandshakeError.WrongConversation);
    }

    [Fact]
    public void A_hello_signed_by_another_key_than_the_introduced_members_fails()
    {
        var listener = new ListenerHandshake(
            new HandshakePeer(Vectors.ConversationId, "bob", "alice", Vectors.IdentityPublic("bob")),
            new RecordedSigner([], []), new FixedKeySource());

        listener.TryAccept(VectorSession.Body(Vectors.Hex("hello_frame")), out _, out _, out var error).Should().BeFalse();
        error.Should().Be(HandshakeError.BadSignature);
    }

    [Fact]
    public void A_second_hello_on_one_connection_fails()
    {
        using var session = new VectorSession();
        var body = VectorSession.Body(Vectors.Hex("hello_frame"));
        session.Listener.TryAccept(body, out _, out var ratchet, out _).Should().BeTrue();
        using (ratchet)
        {
            session.Listener.TryAccept(body, out _, out _, out var error).Should().BeFalse();
            error.Should().Be(HandshakeError.AlreadyFinished);
        }
    }

    [Fact]
    public void A_tampered_message_0_does_not_open_leaves_bob_unchanged_and_the_real_one_still_opens()
    {
        using var session = new VectorSession();
        var (alice, bob) = session.Complete();
        using (alice)
        using (bob)
        {
            var before = bob.Fingerprint();
            var keysBefore = session.BobKeys.Remaining;

            bob.TryOpen(SealedBody("sealed_tag_bit_flipped_message_0"), out var payload, out var failure).Should().BeFalse();

            failure.Should().Be(OpenFailure.TagMismatch);
            payload.Should().BeEmpty();
            bob.Fingerprint().Should().Equal(before);
            bob.FailedOpens.Should().Be(1);
            session.BobKeys.Remaining.Should().Be(keysBefore, "the DH step's new key pair is made only after the tag verifies");

            bob.TryOpen(VectorSession.Body(Vectors.Messages[0].GetProperty("sealed_frame").Hex()), out payload).Should().BeTrue();
            payload.Should().Equal(Vectors.Messages[0].GetProperty("payload").Hex());
            bob.Inspect().DhsPublic.Should().Equal(Vectors.PublicKey("bob_ratchet_1"));
        }
    }

    [Fact]
    public void A_tampered_message_3_does_not_open_leaves_alice_unchanged_and_the_real_one_still_opens()
    {
        using var session = new VectorSession();
        var (alice, bob) = session.Complete();
        using (alice)
        using (bob)
        {
            Deliver(alice, bob, 0, 1, 2);
            bob.Seal(Vectors.Messages[3].GetProperty("payload").Hex());
            var before = alice.Fingerprint();

            alice.TryOpen(SealedBody("sealed_tag_bit_flipped_message_3"), out _, out var failure).Should().BeFalse();

            failure.Should().Be(OpenFailure.TagMismatch);
            alice.Fingerprint().Should().Equal(before);
            alice.TryOpen(VectorSession.Body(Vectors.Messages[3].GetProperty("sealed_frame").Hex()), out var payload).Should().BeTrue();
            payload.Should().Equal(Vectors.Messages[3].GetProperty("payload").Hex());
            alice.Inspect().ReceivingChainKey.Should().Equal(Vectors.Messages[4].GetProperty("ck_before").Hex());
        }
    }

    [Fact]
    public void A_replay_of_message_4_does_not_open_and_leaves_alice_in_her_final_state()
    {
        using var session = new VectorSession();
        var (alice, bob) = session.Complete();
        using (alice)
        using (bob)
        {
            foreach (var message in Vectors.Messages)
            {
                var (sender, receiver) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
                receiver.TryOpen(VectorSession.Body(sender.Seal(message.GetProperty("payload").Hex())), out _).Should().BeTrue();
            }
            var before = alice.Fingerprint();

            alice.TryOpen(SealedBody("sealed_replay_message_4"), out _, out var failure).Should().BeFalse();

            failure.Should().Be(OpenFailure.NoKey);
            alice.Fingerprint().Should().Equal(before);
        }
    }

    [Theory]
    [InlineData("frame_length_0", FrameError.ZeroLength)]
    [InlineData("frame_length_65537", FrameError.TooLong)]
    [InlineData("frame_unknown_type", FrameError.UnknownType)]
    public void A_bad_frame_closes_the_connection(string name, FrameError expected)
    {
        new FrameDecoder().Feed(Vectors.Negative(name).GetProperty("bytes").Hex(), new List<Frame>()).Should().Be(expected);
    }

    [Fact]
    public void Frame_sizes_match_the_protocol()
    {
        Vectors.Hex("hello_frame").Should().HaveCount(225);
        Vectors.Hex("hello_reply_frame").Should().HaveCount(198);
        foreach (var message in Vectors.Messages)
        {
            var fields = message.GetProperty("payload_fields");
            var expected = fields.GetProperty("kind").GetString() == "Ready" ? 127 : 159 + fields.GetProperty("text_utf8").Hex().Length;
            message.GetProperty("sealed_frame").Hex().Should().HaveCount(expected);
        }
    }

    private static void Deliver(DoubleRatchet from, DoubleRatchet to, params int[] indices)
    {
        foreach (var i in indices)
            to.TryOpen(VectorSession.Body(from.Seal(Vectors.Messages[i].GetProperty("payload").Hex())), out _).Should().BeTrue();
    }

    private static byte[] SealedBody(string negative)
    {
        var frame = Decode(Vectors.Negative(negative).GetProperty("bytes").Hex()).Single();
        frame.Type.Should().Be(FrameType.Sealed);
        return frame.Body;
    }

    private static List<Frame> Decode(byte[] bytes)
    {
        var frames = new List<Frame>();
        new FrameDecoder().Feed(bytes, frames).Should().Be(FrameError.None);
        return frames;
    }
}
