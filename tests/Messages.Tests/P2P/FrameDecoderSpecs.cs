using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Tests.P2P;

public sealed class FrameDecoderSpecs
{
    private static readonly byte[] HelloFrame = VectorFile.Root.GetProperty("handshake").GetProperty("hello_frame").Hex();
    private static readonly byte[] ReplyFrame = VectorFile.Root.GetProperty("handshake").GetProperty("hello_reply_frame").Hex();

    [Fact]
    public void A_frame_fed_one_byte_at_a_time_comes_out_whole_once_its_last_byte_arrives()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Frame>();

        for (var i = 0; i < HelloFrame.Length; i++)
        {
            frames.Should().BeEmpty("the frame is not complete before byte {0}", HelloFrame.Length);
            decoder.Feed(HelloFrame.AsSpan(i, 1), frames).Should().Be(FrameError.None);
        }

        frames.Should().ContainSingle();
        frames[0].Type.Should().Be(FrameType.Hello);
        frames[0].Body.Should().Equal(HelloFrame[FrameLimits.Overhead..]);
    }

    [Fact]
    public void Many_frames_in_one_chunk_all_come_out_in_order()
    {
        var chunk = HelloFrame.Concat(ReplyFrame).Concat(FrameEncoder.Encode(FrameType.Sealed, [])).Concat(HelloFrame).ToArray();
        var frames = new List<Frame>();

        new FrameDecoder().Feed(chunk, frames).Should().Be(FrameError.None);

        frames.Select(f => f.Type).Should().Equal(FrameType.Hello, FrameType.HelloReply, FrameType.Sealed, FrameType.Hello);
        frames[1].Body.Should().Equal(ReplyFrame[FrameLimits.Overhead..]);
        frames[2].Body.Should().BeEmpty();
    }

    [Fact]
    public void Frames_split_at_every_possible_boundary_decode_the_same()
    {
        var stream = HelloFrame.Concat(ReplyFrame).ToArray();
        for (var split = 0; split <= stream.Length; split++)
        {
            var decoder = new FrameDecoder();
            var frames = new List<Frame>();
            decoder.Feed(stream.AsSpan(0, split), frames);
            decoder.Feed(stream.AsSpan(split), frames).Should().Be(FrameError.None);
            frames.Select(f => f.Type).Should().Equal(FrameType.Hello, FrameType.HelloReply);
        }
    }

    [Fact]
    public void The_encoder_writes_a_big_endian_length_that_counts_the_type_byte()
    {
        var frame = FrameEncoder.Encode(FrameType.HelloReply, new byte[193]);

        frame.Should().HaveCount(198);
        frame[..5].Should().Equal(0x00, 0x00, 0x00, 0xC2, 0x02);
    }

    [Fact]
    public void The_encoder_rebuilds_the_vector_frames_from_their_bodies()
    {
        FrameEncoder.Encode(FrameType.Hello, HelloFrame[FrameLimits.Overhead..]).Should().Equal(HelloFrame);
        FrameEncoder.Encode(FrameType.HelloReply, ReplyFrame[FrameLimits.Overhead..]).Should().Equal(ReplyFrame);
    }

    [Fact]
    public void The_largest_frame_is_accepted_and_one_byte_more_is_refused_by_the_encoder()
    {
        var body = new byte[FrameLimits.MaxBodyLength];
        var frames = new List<Frame>();

        new FrameDecoder().Feed(FrameEncoder.Encode(FrameType.Sealed, body), frames).Should().Be(FrameError.None);
        frames.Single().Body.Should().HaveCount(65535);

        var tooBig = () => FrameEncoder.Encode(FrameType.Sealed, new byte[FrameLimits.MaxBodyLength + 1]);
        tooBig.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_frame_of_length_0_closes_the_connection()
    {
        var decoder = new FrameDecoder();

        decoder.Feed(VectorFile.Negative("frame_length_0").GetProperty("bytes").Hex(), new List<Frame>())
            .Should().Be(FrameError.ZeroLength);
        decoder.ErrorReason.Should().Contain("length 0");
    }

    [Fact]
    public void A_length_over_65536_is_refused_as_soon_as_its_4_bytes_arrive()
    {
        var bytes = VectorFile.Negative("frame_length_65537").GetProperty("bytes").Hex();
        bytes.Should().HaveCount(4);
        var decoder = new FrameDecoder();

        decoder.Feed(bytes.AsSpan(0, 3), new List<Frame>()).Should().Be(FrameError.None);
        decoder.Feed(bytes.AsSpan(3), new List<Frame>()).Should().Be(FrameError.TooLong);
        decoder.IsFaulted.Should().BeTrue();
    }

    [Fact]
    public void An_unknown_frame_type_closes_the_connection()
    {
        new FrameDecoder().Feed(VectorFile.Negative("frame_unknown_type").GetProperty("bytes").Hex(), new List<Frame>())
            .Should().Be(FrameError.UnknownType);
    }

    [Fact]
    public void Frames_before_a_bad_one_in_the_same_chunk_are_still_delivered_and_the_decoder_stays_failed()
    {
        var decoder = new FrameDecoder();
        var frames = new List<Frame>();

        decoder.Feed([.. HelloFrame, 0, 0, 0, 1, 9], frames).Should().Be(FrameError.UnknownType);
        frames.Should().ContainSingle();

        decoder.Feed(HelloFrame, frames).Should().Be(FrameError.UnknownType);
        frames.Should().ContainSingle("a failed decoder yields nothing more");
    }

    [Fact]
    public void Random_bytes_never_make_the_decoder_throw()
    {
        var random = new Random(1234);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            if (bytes.Length > 4 && random.Next(2) == 0) bytes[0] = bytes[1] = 0; // plausible lengths too
            var decoder = new FrameDecoder();
            var frames = new List<Frame>();
            var at = 0;
            while (at < bytes.Length)
            {
                var size = Math.Min(random.Next(1, 20), bytes.Length - at);
                decoder.Feed(bytes.AsSpan(at, size), frames);
                at += size;
            }
        }
    }
}
