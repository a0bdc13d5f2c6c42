using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class BouncyCastleOracleSpecs
{
    [Fact]
    public void A_fresh_handshake_and_its_first_three_frames_match_an_independent_BouncyCastle_computation()
    {
        using var aliceId = ECDsa.Create(P384.Curve);
        using var bobId = ECDsa.Create(P384.Curve);
        using var alicePublic = ECDsa.Create(aliceId.ExportParameters(false));
        using var bobPublic = ECDsa.Create(bobId.ExportParameters(false));
        var cid = RandomNumberGenerator.GetBytes(WireSizes.ConversationIdLength);
        var aliceKeys = new RecordingKeySource();
        var bobKeys = new RecordingKeySource();
        using var dialer = new DialerHandshake(new HandshakePeer(cid, "alice", "bob", bobPublic), new EcdsaHandshakeSigner(aliceId), aliceKeys);
        var listener = new ListenerHandshake(new HandshakePeer(cid, "bob", "alice", alicePublic), new EcdsaHandshakeSigner(bobId), bobKeys);
        listener.TryAccept(VectorSession.Body(dialer.HelloFrame), out var replyFrame, out var bob, out _).Should().BeTrue();
        dialer.TryComplete(VectorSession.Body(replyFrame!), out var alice, out _).Should().BeTrue();
        var payloads = new[]
        {
            PayloadCodec.Encode(ReadyPayload.Instance),
            PayloadCodec.Encode(new ChatPayload(MessageId.NewRandom(), 1767225600000, 300, "héllo 👍")),
            PayloadCodec.Encode(new ChatPayload(MessageId.NewRandom(), 1767225600001, 60, "second")),
        };
        byte[][] frames;
        using (alice)
        using (bob)
        {
            frames = payloads.Select(p => alice!.Seal(p)).ToArray();
            foreach (var frame in frames) bob!.TryOpen(VectorSession.Body(frame), out _).Should().BeTrue();
        }

        // The oracle: only BouncyCastle from here on, fed with the public frames and the private scalars.
        var ephD = aliceKeys.Handed[0];
        var ephL = bobKeys.Handed[0];
        var aliceRatchet1 = aliceKeys.Handed[1];
        var ephLPublic = BouncyCastleOracle.PublicKey(ephL);
        replyFrame![5..102].Should().Equal(ephLPublic);
        dialer.HelloFrame[^(96 + 97)..^96].Should().Equal(BouncyCastleOracle.PublicKey(ephD));

        var th = BouncyCastleOracle.Sha384(dialer.HelloFrame, replyFrame);
        th.Should().Equal(dialer.Th).And.Equal(listener.Th);
        var dh = BouncyCastleOracle.Ecdh(ephD, ephLPublic);
        BouncyCastleOracle.Ecdh(ephL, BouncyCastleOracle.PublicKey(ephD)).Should().Equal(dh);
        var root = BouncyCastleOracle.Hkdf(dh, cid, [.. Encoding.ASCII.GetBytes("encryptio/root/v1"), .. th], 32);
        var okm = BouncyCastleOracle.Hkdf(BouncyCastleOracle.Ecdh(aliceRatchet1, ephLPublic), root,
            Encoding.ASCII.GetBytes("encryptio/ratchet/v1"), 64);
        var chainKey = okm[32..];
        var ratchetPublic = BouncyCastleOracle.PublicKey(aliceRatchet1);

        for (var n = 0; n < frames.Length; n++)
        {
            var mk = BouncyCastleOracle.HmacSha384(chainKey, 0x01);
            chainKey = BouncyCastleOracle.HmacSha384(chainKey, 0x02)[..32];
            var header = new byte[WireSizes.SealedHeaderLength];
            ratchetPublic.CopyTo(header, 0);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(101), (uint)n);
            var sealedBytes = BouncyCastleOracle.AesGcmSeal(mk[..32], mk[32..44], [.. th, .. header], payloads[n]);

            VectorSession.Body(frames[n]).Should().Equal([.. header, .. sealedBytes], "frame {0} must match the oracle", n);
        }
    }

    [Fact]
    public void BouncyCastle_agrees_with_the_vector_dh_and_root()
    {
        var ephD = Vectors.EphemeralKeyPair("ephD").ExportParameters(true);

        var dh = BouncyCastleOracle.Ecdh(ephD, Vectors.PublicKey("ephL"));

        dh.Should().Equal(Vectors.Hex("dh"));
        BouncyCastleOracle.Hkdf(dh, Vectors.ConversationId, [.. Encoding.ASCII.GetBytes("encryptio/root/v1"), .. Vectors.Hex("th")], 32)
            .Should().Equal(Vectors.Hex("root"));
    }
}
