using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Encryptio.Runtime.Dispatch;

namespace Encryptio.Runtime.Tests.Dispatch;

public sealed class CompactMessageQueueSpecs
{
    private static Envelope Message(int n) => new(n, ActorRefs.NoSender);

    [Fact]
    public void Messages_leave_in_the_order_they_came_and_the_count_follows()
    {
        var queue = new CompactMessageQueue();
        queue.HasMessages.Should().BeFalse();

        for (var i = 0; i < 100; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));

        queue.Count.Should().Be(100);
        queue.HasMessages.Should().BeTrue();
        for (var i = 0; i < 100; i++)
        {
            queue.TryDequeue(out var envelope).Should().BeTrue();
            envelope.Message.Should().Be(i);
        }
        queue.TryDequeue(out _).Should().BeFalse();
        queue.HasMessages.Should().BeFalse();
        queue.Count.Should().Be(0);
    }

    [Fact]
    public void A_queue_drained_after_a_burst_still_takes_messages()
    {
        var queue = new CompactMessageQueue();
        for (var i = 0; i < 1000; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        while (queue.TryDequeue(out _)) { }

        queue.Enqueue(ActorRefs.Nobody, Message(7));

        queue.TryDequeue(out var envelope).Should().BeTrue();
        envelope.Message.Should().Be(7);
    }

    [Fact]
    public void Messages_left_when_the_actor_stops_go_to_dead_letters_in_order()
    {
        var queue = new CompactMessageQueue();
        var deadLetters = new UnboundedMessageQueue();
        for (var i = 0; i < 3; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        queue.HasMessages.Should().BeFalse();
        deadLetters.Count.Should().Be(3);
        for (var i = 0; i < 3; i++)
        {
            deadLetters.TryDequeue(out var envelope).Should().BeTrue();
            envelope.Message.Should().Be(i);
        }
    }

    [Fact]
    public void Producers_on_several_threads_lose_no_message()
    {
        var queue = new CompactMessageQueue();
        Parallel.For(0, 4, t =>
        {
            for (var i = 0; i < 10_000; i++) queue.Enqueue(ActorRefs.Nobody, Message(t * 10_000 + i));
        });

        var seen = new HashSet<int>();
        while (queue.TryDequeue(out var envelope)) seen.Add((int)envelope.Message);
        seen.Should().HaveCount(40_000);
    }
}
