using Encryptio.Peer.Link;

namespace Encryptio.Peer.Actors.Tests.Link;

public sealed class WriteQueueSpecs
{
    private static byte[] Frame(byte fill, int length) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public void Frames_queued_behind_a_write_go_out_together_in_order_up_to_the_write_limit()
    {
        var queue = new WriteQueue(maxQueuedBytes: 100, maxWriteBytes: 10);
        queue.TryEnqueue(Frame(1, 4)).Should().BeTrue();
        queue.TryEnqueue(Frame(2, 4)).Should().BeTrue();
        queue.TryEnqueue(Frame(3, 4)).Should().BeTrue();

        queue.TakeWrite().Should().Equal([.. Frame(1, 4), .. Frame(2, 4)]);
        queue.QueuedBytes.Should().Be(4);
        queue.TakeWrite().Should().Equal(Frame(3, 4));
        queue.IsEmpty.Should().BeTrue();
        queue.QueuedBytes.Should().Be(0);
    }

    [Fact]
    public void One_write_is_in_flight_at_a_time_and_what_queues_meanwhile_goes_out_after_it()
    {
        var queue = new WriteQueue(maxQueuedBytes: 100, maxWriteBytes: 100);
        queue.TryEnqueue(Frame(1, 4));

        queue.TryStartWrite(out var first).Should().BeTrue();
        first.Should().Equal(Frame(1, 4));
        queue.TryEnqueue(Frame(2, 4));
        queue.TryStartWrite(out _).Should().BeFalse("a write is in flight");
        queue.IsIdle.Should().BeFalse();

        queue.WriteDone();
        queue.TryStartWrite(out var second).Should().BeTrue();
        second.Should().Equal(Frame(2, 4));
        queue.WriteDone();
        queue.IsIdle.Should().BeTrue();
        queue.TryStartWrite(out _).Should().BeFalse("nothing is queued");
    }

    [Fact]
    public void A_frame_larger_than_the_write_limit_still_goes_out_whole()
    {
        var queue = new WriteQueue(maxQueuedBytes: 100, maxWriteBytes: 10);
        queue.TryEnqueue(Frame(7, 30));

        queue.TakeWrite().Should().HaveCount(30);
    }

    [Fact]
    public void A_frame_that_would_take_the_queue_over_its_bound_is_refused_and_nothing_is_queued()
    {
        var queue = new WriteQueue(maxQueuedBytes: 10, maxWriteBytes: 10);
        queue.TryEnqueue(Frame(1, 8)).Should().BeTrue();

        queue.TryEnqueue(Frame(2, 3)).Should().BeFalse();

        queue.QueuedBytes.Should().Be(8);
        queue.TakeWrite().Should().Equal(Frame(1, 8));
    }
}
