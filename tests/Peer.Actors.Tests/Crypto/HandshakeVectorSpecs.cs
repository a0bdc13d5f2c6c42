using System.Security.Cryptography;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class HandshakeVectorSpecs
{
    [Fact]
    public void The_recorded_hello_and_reply_signatures_verify_under_the_identity_keys()
    {
        Handshake.VerifySignature(Vectors.IdentityPublic("alice"), Vectors.Hex("hello_signed"), Vectors.Hex("hello_signature")).Should().BeTrue();
        Handshake.VerifySignature(Vectors.IdentityPublic("bob"), Vectors.Hex("reply_signed"), Vectors.Hex("reply_signature")).Should().BeTrue();
        Handshake.VerifySignature(Vectors.IdentityPublic("bob"), Vectors.Hex("hello_signed"), Vectors.Hex("hello_signature")).Should().BeFalse();
    }

    [Fact]
    public void The_signed_transcripts_are_built_from_the_frames_byte_for_byte()
    {
        var helloBody = VectorSession.Body(Vectors.Hex("hello_frame"));
        var replyBody = VectorSession.Body(Vectors.Hex("hello_reply_frame"));

        Handshake.HelloSigned(helloBody).Should().Equal(Vectors.Hex("hello_signed"));
        Handshake.ReplySigned(Vectors.Hex("th0"), replyBody[..WireSizes.PublicKeyLength]).Should().Equal(Vectors.Hex("reply_signed"));
    }

    [Fact]
    public void Th0_th_dh_and_root_derive_exactly_as_the_vectors()
    {
        var hello = Vectors.Hex("hello_frame");
        var reply = Vectors.Hex("hello_reply_frame");
        using var ephD = Vectors.EphemeralKeyPair("ephD");
        using var ephL = Vectors.EphemeralKeyPair("ephL");

        var th = Handshake.ComputeTh(hello, reply);
        var dh = P384.DeriveSharedSecret(ephD, ephL.PublicKey);

        Handshake.ComputeTh0(hello).Should().Equal(Vectors.Hex("th0"));
        th.Should().Equal(Vectors.Hex("th")).And.Equal(Vectors.Hex("ad"));
        dh.Should().Equal(Vectors.Hex("dh"), "the raw x coordinate, leading zero kept");
        P384.DeriveSharedSecret(ephL, ephD.PublicKey).Should().Equal(dh);
        Handshake.DeriveRoot(dh, Vectors.ConversationId, th).Should().Equal(Vectors.Hex("root"));
    }

    [Fact]
    public void The_dialer_builds_the_vector_hello_frame_from_its_fixed_keys()
    {
        using var session = new VectorSession();

        session.Dialer.HelloFrame.Should().Equal(Vectors.Hex("hello_frame"));
        session.Dialer.HelloFrame.Should().HaveCount(225);
    }

    [Fact]
    public void The_listener_answers_the_vector_hello_with_the_vector_reply_and_both_sides_agree_on_th()
    {
        using var session = new VectorSession();

        session.Listener.TryAccept(VectorSession.Body(Vectors.Hex("hello_frame")), out var reply, out var bob, out _).Should().BeTrue();
        session.Dialer.TryComplete(VectorSession.Body(reply!), out var alice, out _).Should().BeTrue();
        using (alice)
        using (bob)
        {
            reply.Should().Equal(Vectors.Hex("hello_reply_frame")).And.HaveCount(198);
            session.Listener.Th.Should().Equal(Vectors.Hex("th"));
            session.Dialer.Th.Should().Equal(Vectors.Hex("th"));
        }
    }

    [Fact]
    public void Both_ratchets_start_in_the_vector_init_state_after_the_handshake()
    {
        using var session = new VectorSession();
        var (alice, bob) = session.Complete();
        using (alice)
        using (bob)
        {
            var dialer = Vectors.Ratchet.GetProperty("init").GetProperty("dialer");
            var a = alice.Inspect();
            a.DhsPublic.Should().Equal(Vectors.PublicKey("alice_ratchet_1"));
            a.DhrPublic.Should().Equal(Vectors.PublicKey("ephL"));
            a.RootKey.Should().Equal(dialer.GetProperty("rk").Hex());
            a.SendingChainKey.Should().Equal(dialer.GetProperty("cks").Hex());
            a.ReceivingChainKey.Should().BeNull();
            (a.Ns, a.Nr, a.Pn).Should().Be((0u, 0u, 0u));

            var b = bob.Inspect();
            b.DhsPublic.Should().Equal(Vectors.PublicKey("ephL"));
            b.DhrPublic.Should().BeNull();
            b.RootKey.Should().Equal(Vectors.Hex("root"));
            b.SendingChainKey.Should().BeNull();
            b.ReceivingChainKey.Should().BeNull();
            bob.CanSeal.Should().BeFalse("the listener sends only after Ready");
        }
        session.AliceKeys.Handed.Should().Be(2, "ephD, then alice_ratchet_1");
        session.BobKeys.Handed.Should().Be(1, "ephL only; bob_ratchet_1 comes with Ready");
    }

    [Fact]
    public void A_handshake_with_freshly_generated_keys_and_real_signatures_yields_ratchets_that_talk()
    {
        using var aliceId = ECDsa.Create(P384.Curve);
        using var bobId = ECDsa.Create(P384.Curve);
        var cid = RandomNumberGenerator.GetBytes(16);
        using var bobPublic = ECDsa.Create(bobId.ExportParameters(false));
        using var alicePublic = ECDsa.Create(aliceId.ExportParameters(false));
        using var dialer = new DialerHandshake(new HandshakePeer(cid, "alice", "bob", bobPublic), new EcdsaHandshakeSigner(aliceId), RandomRatchetKeySource.Instance);
        var listener = new ListenerHandshake(new HandshakePeer(cid, "bob", "alice", alicePublic), new EcdsaHandshakeSigner(bobId), RandomRatchetKeySource.Instance);

        listener.TryAccept(VectorSession.Body(dialer.HelloFrame), out var reply, out var bob, out _).Should().BeTrue();
        dialer.TryComplete(VectorSession.Body(reply!), out var alice, out _).Should().BeTrue();
        using (alice)
        using (bob)
        {
            bob!.TryOpen(VectorSession.Body(alice!.Seal([3])), out var ready).Should().BeTrue();
            ready.Should().Equal(3);
            alice.TryOpen(VectorSession.Body(bob.Seal([4])), out var bye).Should().BeTrue();
            bye.Should().Equal(4);
        }
    }
}
