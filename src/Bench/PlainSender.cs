using Encryptio.Peer.Node;
using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Link;

namespace Encryptio.Bench;

/// <summary>
/// The dialing end of the unencrypted baseline: a real ConnectionActor to the <see cref="PlainReceiver"/>,
/// chats sent as <see cref="PlainFrames"/> with the same window as <see cref="ChatDriver"/>, timed to the last Ack.
/// </summary>
public sealed class PlainSender : ReceiveActor
{
    private readonly IActorRef _link;
    private IActorRef _asker = ActorRefs.Nobody;
    private ChatDriver.Run? _run;
    private int _sent;
    private int _acked;
    private long _start;

    public static Props Props(PeerEndpoint receiver, byte[] helloFrame) => Akka.Actor.Props.Create(() => new PlainSender(receiver, helloFrame));

    public PlainSender(PeerEndpoint receiver, byte[] helloFrame)
    {
        _link = Context.ActorOf(ConnectionActor.Dial(receiver, Self, TimeSpan.FromSeconds(10)), "connection");
        // The listener hands a link on only after a well-formed Hello.
        _link.Tell(new SendFrame(helloFrame));
        Receive<ChatDriver.Run>(run =>
        {
            _asker = Sender;
            _run = run;
            _sent = 0;
            _acked = 0;
            _start = Stopwatch.GetTimestamp();
            while (_sent < run.Chats.Count && _sent < run.Window) SendNext();
        });
        Receive<FrameReceived>(received =>
        {
            if (_run is null || PlainFrames.Decode(received.Frame) is not AckPayload ack) return;
            foreach (var _ in ack.Ids)
            {
                _acked++;
                if (_sent < _run.Chats.Count) SendNext();
            }
            if (_acked >= _run.Chats.Count)
            {
                _asker.Tell(new ChatDriver.Finished(Stopwatch.GetElapsedTime(_start).TotalMicroseconds));
                _run = null;
            }
        });
        ReceiveAny(_ => { });
    }

    private void SendNext()
    {
        var chat = _run!.Chats[_sent++];
        _link.Tell(new SendFrame(PlainFrames.Encode(chat.Payload())));
    }
}
