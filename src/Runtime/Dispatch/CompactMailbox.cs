using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Encryptio.Runtime.Dispatch;

/// <summary>
/// An unbounded mailbox for actors that exist by the hundred thousand and are mostly idle (the
/// directory's PeerLink, one per registered user). Akka's default queue is a ConcurrentQueue whose
/// first segment holds 32 slots: about 1 KB per actor before its first message, the largest part of
/// a registered user's memory. This one starts empty and grows only when messages wait; its price is
/// a lock per enqueue and dequeue, which idle actors never pay. HOCON:
/// <c>{ mailbox-type = "Encryptio.Runtime.Dispatch.CompactMailbox, Encryptio.Runtime" }</c>.
/// </summary>
public sealed class CompactMailbox : MailboxType, IProducesMessageQueue<CompactMessageQueue>
{
    public const string TypeName = "Encryptio.Runtime.Dispatch.CompactMailbox, Encryptio.Runtime";

    public CompactMailbox(Settings settings, Config config) : base(settings, config) { }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>A Queue under a lock: nothing allocated until the first message, and shrunk again once a burst has drained.</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    // A burst may grow the queue; once it drains, a capacity above this is given back, so one flood
    // does not leave an idle actor holding a large array for the rest of its life.
    private const int KeptCapacity = 16;

    private readonly Queue<Envelope> _queue = new();
    private int _count;
    private int _grownTo;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
        {
            _queue.Enqueue(envelope);
            _count = _queue.Count;
            if (_count > _grownTo) _grownTo = _count;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
        {
            if (!_queue.TryDequeue(out envelope)) return false;
            _count = _queue.Count;
            if (_count == 0 && _grownTo > KeptCapacity)
            {
                _queue.TrimExcess();
                _grownTo = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
