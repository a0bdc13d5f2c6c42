using Encryptio.Messages.P2P;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Actors.Tests.Link;

public sealed class InboundFramesTests
{
    private static byte[] Wire(params (FrameType Type, byte Tag)[] frames) =>
        [.. frames.SelectMany(f => FrameEncoder.Encode(f.Type, [f.Tag]))];

    [Fact]
    public void Frames_cut_across_chunks_are_delivered_whole_and_in_order()
    {
        var inbound = new InboundFrames();
        var wire = Wire((FrameType.Hello, 1), (FrameType.Sealed, 2), (FrameType.Sealed, 3));
        var seen = new List<Frame>();

        foreach (var chunk in wire.Chunk(3))
            inbound.Feed(chunk, f => { seen.Add(f); return true; }).Should().BeNull();

        seen.Select(f => (f.Type, f.Body[0])).Should().Equal((FrameType.Hello, (byte)1), (FrameType.Sealed, (byte)2), (FrameType.Sealed, (byte)3));
    }

    [Fact]
    public void Delivery_stops_at_the_frame_that_ended_the_link()
    {
        var inbound = new InboundFrames();
        var seen = 0;

        inbound.Feed(Wire((FrameType.Hello, 1), (FrameType.Sealed, 2)), _ => ++seen < 1);

        seen.Should().Be(1);
    }

    [Fact]
    public void A_bad_length_is_reported_in_one_line_after_the_good_frames_before_it()
    {
        var inbound = new InboundFrames();
        var seen = 0;
        byte[] zeroLength = [0, 0, 0, 0];

        var error = inbound.Feed([.. Wire((FrameType.Hello, 1)), .. zeroLength], _ => { seen++; return true; });

        seen.Should().Be(1);
        error.Should().Be("frame length 0");
    }

    [Fact]
    public void A_bad_stream_on_a_link_already_ended_is_not_reported_again()
    {
        var inbound = new InboundFrames();

        inbound.Feed([.. Wire((FrameType.Hello, 1)), 0, 0, 0, 0], _ => false).Should().BeNull();
    }

    [Fact]
    public void A_few_frames_are_held_for_the_session_and_handed_over_in_order_once()
    {
        var inbound = new InboundFrames(maxHeld: 2);
        var (a, b) = (new Frame(FrameType.Sealed, [1]), new Frame(FrameType.Sealed, [2]));

        inbound.Hold(a).Should().BeTrue();
        inbound.Hold(b).Should().BeTrue();
        inbound.Hold(new Frame(FrameType.Sealed, [3])).Should().BeFalse("a dialer sends nothing more before HelloReply");
        inbound.HeldCount.Should().Be(2);

        inbound.Release().Should().Equal(a, b);
        inbound.Release().Should().BeEmpty();
        inbound.HeldCount.Should().Be(0);
    }
}
