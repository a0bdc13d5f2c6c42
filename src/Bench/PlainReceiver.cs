using Akka.Actor;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Link;

namespace Encryptio.Bench;

/// <summary>
/// The listening end of the unencrypted baseline: a real ListenerActor and ConnectionActor, and the
/// session's receive pattern minus the crypto: decode the payload, tell the parent-equivalent (a sink),
/// collect ids and send one Ack for all the frames already in the mailbox (the same FlushAcks trick).
/// </summary>
public sealed class PlainReceiver : ReceiveActor
{
    public sealed record Attached
    {
        public static readonly Attached Instance = new();
    }

    private readonly List<MessageId> _pendingAcks = new();
    private IActorRef? _link;

    public static Props Props(IActorRef events, IActorRef sink) => Akka.Actor.Props.Create(() => new PlainReceiver(events, sink));

    public PlainReceiver(IActorRef events, IActorRef sink)
    {
        Context.ActorOf(ListenerActor.Props("127.0.0.1", 0), "listener");
        Receive<ListenerBound>(bound => events.Tell(bound));
        Receive<InboundHello>(hello =>
        {
            _link = hello.Connection;
            _link.Tell(new AssignOwner(Self));
            _link.Tell(LinkAuthenticated.Instance);
            events.Tell(Attached.Instance);
        });
        Receive<FrameReceived>(received =>
        {
            if (PlainFrames.Decode(received.Frame) is not ChatPayload chat) return;
            _pendingAcks.Add(chat.Id);
            if (_pendingAcks.Count == 1) Self.Tell(Flush.Instance);
            sink.Tell(chat);
        });
        Receive<Flush>(_ =>
        {
            foreach (var batch in _pendingAcks.Chunk(PayloadLimits.MaxAckIds)) _link!.Tell(new SendFrame(PlainFrames.Encode(new AckPayload(batch))));
            _pendingAcks.Clear();
        });
        ReceiveAny(_ => { });
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}
