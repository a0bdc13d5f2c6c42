using Encryptio.Testing;
using System.Buffers;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// The span overloads of Seal and TryOpen (for pooled buffers) give the same bytes and the same
/// outcomes as the array ones.
public sealed class RatchetSpanSpecs
{
    [Fact]
    public void Sealing_into_a_pooled_buffer_gives_the_vector_frames_and_they_open_into_one()
    {
        using var alice = DoubleRatchet.InitializeAsDialer(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.PublicKey("ephL"),
            FixedKeySource.FromVectors("alice_ratchet_1", "alice_ratchet_2"));
        using var bob = DoubleRatchet.InitializeAsListener(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.EphemeralKeyPair("ephL"),
            FixedKeySource.FromVectors("bob_ratchet_1", "bob_ratchet_2"));
        var frameBuffer = ArrayPool<byte>.Shared.Rent(FrameLimits.LengthPrefixSize + FrameLimits.MaxLength);
        var payloadBuffer = ArrayPool<byte>.Shared.Rent(FrameLimits.MaxLength);
        try
        {
            foreach (var message in Vectors.Messages)
            {
                var (sender, receiver) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
                var payload = message.GetProperty("payload").Hex();
                var expected = message.GetProperty("sealed_frame").Hex();

                var written = sender.Seal(payload, frameBuffer);

                written.Should().Be(DoubleRatchet.SealedFrameLength(payload.Length));
                frameBuffer[..written].Should().Equal(expected);
                var body = frameBuffer.AsSpan(FrameLimits.Overhead, written - FrameLimits.Overhead);
                DoubleRatchet.PayloadLength(body.Length).Should().Be(payload.Length);
                receiver.TryOpen(body, payloadBuffer, out var opened, out var failure).Should().BeTrue(failure.ToString());
                payloadBuffer[..opened].Should().Equal(payload);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frameBuffer);
            ArrayPool<byte>.Shared.Return(payloadBuffer);
        }
    }

    [Fact]
    public void A_forged_frame_opened_into_a_span_fails_as_before_and_changes_nothing()
    {
        using var pair = new RatchetPair();
        pair.Bob.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0)), out _).Should().BeTrue();
        var body = RatchetPair.Body(pair.Alice.Seal(new byte[40]));
        body[^1] ^= 1;
        var before = pair.Bob.Fingerprint();
        var destination = Enumerable.Repeat((byte)0xEE, 64).ToArray();

        pair.Bob.TryOpen(body, destination, out var written, out var failure).Should().BeFalse();

        failure.Should().Be(OpenFailure.TagMismatch);
        written.Should().Be(0);
        destination[..40].Should().OnlyContain(b => b == 0);
        pair.Bob.FailedOpens.Should().Be(1);
        pair.Bob.Fingerprint().Should().Equal(before);
    }

    [Fact]
    public void A_destination_too_short_or_overlapping_is_refused_before_the_state_moves()
    {
        using var pair = new RatchetPair();
        var frame = RatchetPair.Seal(pair.Alice, 0);
        var before = pair.Bob.Fingerprint();

        var tooShort = () => pair.Bob.TryOpen(RatchetPair.Body(frame), new byte[3], out _, out _);
        var overlapping = () => pair.Bob.TryOpen(frame.AsSpan(FrameLimits.Overhead), frame, out _, out _);
        var sealTooShort = () => pair.Alice.Seal(new byte[10], new byte[DoubleRatchet.SealedFrameLength(10) - 1]);

        tooShort.Should().Throw<ArgumentException>();
        overlapping.Should().Throw<ArgumentException>();
        sealTooShort.Should().Throw<ArgumentException>();
        pair.Bob.Fingerprint().Should().Equal(before);
        pair.Bob.FailedOpens.Should().Be(0);
        pair.Bob.TryOpen(RatchetPair.Body(frame), out var payload).Should().BeTrue();
        payload.Should().Equal(BitConverter.GetBytes(0));
    }
}
