using System.Diagnostics;
using Akka.Actor;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// Sends a batch of chats through a session, keeping <see cref="Run.Window"/> unacked, and answers
/// <see cref="Finished"/> with the time from the first send to the last Ack.
/// </summary>
public sealed class ChatDriver : ReceiveActor
{
    public sealed record Run(IActorRef Session, IReadOnlyList<SendChat> Chats, int Window);

    public sealed record Finished(double Micros);

    private IActorRef _asker = ActorRefs.Nobody;
    private Run? _run;
    private int _sent;
    private int _acked;
    private long _start;

    public static Props Props() => Akka.Actor.Props.Create(() => new ChatDriver());

    public ChatDriver()
    {
        Receive<Run>(run =>
        {
            _asker = Sender;
            _run = run;
            _sent = 0;
            _acked = 0;
            _start = Stopwatch.GetTimestamp();
            while (_sent < run.Chats.Count && _sent < run.Window) run.Session.Tell(run.Chats[_sent++]);
        });
        Receive<ChatsAcknowledged>(acked =>
        {
            if (_run is null) return;
            _acked += acked.Ids.Count;
            while (_sent < _run.Chats.Count && _sent - _acked < _run.Window) _run.Session.Tell(_run.Chats[_sent++]);
            if (_acked >= _run.Chats.Count)
            {
                _asker.Tell(new Finished(Stopwatch.GetElapsedTime(_start).TotalMicroseconds));
                _run = null;
            }
        });
        ReceiveAny(_ => { });
    }
}
