using System.Text.Json;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class RatchetVectorSpecs
{
    [Fact]
    public void All_six_vector_messages_seal_and_open_byte_for_byte()
    {
        using var session = new VectorSession();
        var (alice, bob) = session.Complete();
        using (alice)
        using (bob)
        {
            foreach (var message in Vectors.Messages)
            {
                var (sender, receiver) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
                SealAndOpen(message, sender, receiver);
            }
            MatchesFinalState(alice.Inspect(), Vectors.Ratchet.GetProperty("final_state").GetProperty("alice"));
            MatchesFinalState(bob.Inspect(), Vectors.Ratchet.GetProperty("final_state").GetProperty("bob"));
        }
        session.AliceKeys.Remaining.Should().Be(0);
        session.BobKeys.Remaining.Should().Be(0);
        session.AliceKeys.Handed.Should().Be(3);
        session.BobKeys.Handed.Should().Be(3);
    }

    [Fact]
    public void Ratchets_initialized_directly_from_the_vector_root_and_th_produce_the_same_frames()
    {
        using var alice = DoubleRatchet.InitializeAsDialer(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.PublicKey("ephL"),
            FixedKeySource.FromVectors("alice_ratchet_1", "alice_ratchet_2"));
        using var bob = DoubleRatchet.InitializeAsListener(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.EphemeralKeyPair("ephL"),
            FixedKeySource.FromVectors("bob_ratchet_1", "bob_ratchet_2"));

        foreach (var message in Vectors.Messages)
        {
            var (sender, receiver) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
            sender.Seal(message.GetProperty("payload").Hex()).Should().Equal(message.GetProperty("sealed_frame").Hex());
            receiver.TryOpen(VectorSession.Body(message.GetProperty("sealed_frame").Hex()), out _).Should().BeTrue();
        }
    }

    [Fact]
    public void Each_DH_step_produces_the_vector_chain_keys()
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
                if (message.GetProperty("receiver_dh_step").ValueKind == JsonValueKind.Null) continue;

                var step = Vectors.DhSteps[message.GetProperty("receiver_dh_step").GetInt32()];
                var state = receiver.Inspect();
                state.DhrPublic.Should().Equal(Vectors.PublicKey(step.GetProperty("new_dhr").GetString()!));
                state.DhsPublic.Should().Equal(Vectors.PublicKey(step.GetProperty("sending_chain").GetProperty("own_key").GetString()!));
                state.RootKey.Should().Equal(step.GetProperty("sending_chain").GetProperty("rk_out").Hex());
                state.SendingChainKey.Should().Equal(step.GetProperty("sending_chain").GetProperty("cks").Hex());
                state.Pn.Should().Be(step.GetProperty("pn").GetUInt32());
                // The receiving chain has already been stepped once, for this message.
                var expectedCkr = new byte[32];
                RatchetKdf.ChainStep(step.GetProperty("receiving_chain").GetProperty("ckr").Hex(), new byte[48], expectedCkr);
                state.ReceivingChainKey.Should().Equal(expectedCkr);
            }
        }
    }

    private static void SealAndOpen(JsonElement message, DoubleRatchet sender, DoubleRatchet receiver)
    {
        var expectedFrame = message.GetProperty("sealed_frame").Hex();
        var before = sender.Inspect();
        before.SendingChainKey.Should().Equal(message.GetProperty("ck_before").Hex());
        before.DhsPublic.Should().Equal(Vectors.PublicKey(message.GetProperty("dhs").GetString()!));

        // The message key as the ratchet derives it from its own chain key.
        var mk = new byte[RatchetKdf.MessageKeyLength];
        RatchetKdf.ChainStep(before.SendingChainKey, mk, new byte[RatchetKdf.ChainKeyLength]);
        mk.Should().Equal(message.GetProperty("mk").Hex());
        mk[..32].Should().Equal(message.GetProperty("aes_key").Hex());
        mk[32..44].Should().Equal(message.GetProperty("nonce").Hex());

        var frame = sender.Seal(message.GetProperty("payload").Hex());

        sender.Inspect().SendingChainKey.Should().Equal(message.GetProperty("ck_after").Hex());
        var body = VectorSession.Body(frame);
        body[..WireSizes.SealedHeaderLength].Should().Equal(message.GetProperty("header").Hex());
        body[WireSizes.SealedHeaderLength..^WireSizes.GcmTagLength].Should().Equal(message.GetProperty("ciphertext").Hex());
        body[^WireSizes.GcmTagLength..].Should().Equal(message.GetProperty("tag").Hex());
        frame.Should().Equal(expectedFrame);

        receiver.TryOpen(body, out var payload, out var failure).Should().BeTrue(failure.ToString());
        payload.Should().Equal(message.GetProperty("payload").Hex());
        PayloadCodec.TryDecode(payload, out var decoded, out _).Should().BeTrue();
        decoded!.Kind.ToString().Should().Be(message.GetProperty("payload_fields").GetProperty("kind").GetString());
    }

    private static void MatchesFinalState(RatchetStateView state, JsonElement expected)
    {
        state.DhsPublic.Should().Equal(Vectors.PublicKey(expected.GetProperty("dhs").GetString()!));
        state.DhrPublic.Should().Equal(Vectors.PublicKey(expected.GetProperty("dhr").GetString()!));
        state.RootKey.Should().Equal(expected.GetProperty("rk").Hex());
        state.SendingChainKey.Should().Equal(expected.GetProperty("cks").Hex());
        state.ReceivingChainKey.Should().Equal(expected.GetProperty("ckr").Hex());
        state.Ns.Should().Be(expected.GetProperty("ns").GetUInt32());
        state.Nr.Should().Be(expected.GetProperty("nr").GetUInt32());
        state.Pn.Should().Be(expected.GetProperty("pn").GetUInt32());
        state.SkippedKeys.Should().Be(expected.GetProperty("skipped_keys").GetInt32());
    }
}
