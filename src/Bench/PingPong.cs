using System.Diagnostics;
using Akka.Actor;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// Alice's side of the ping-pong: sends a chat, waits for bob's answer (ChatArrived), sends the next.
/// Every chat changes direction, so each end takes a DH ratchet step per round trip.
/// </summary>
public sealed class PingPong : ReceiveActor
{
    public sealed record Run(IActorRef Session, IReadOnlyList<SendChat> Chats);

    public sealed record Finished(double MicrosPerRoundTrip)
    {
        /// Each round trip's own time (µs), in order.
        public IReadOnlyList<double> Samples { get; init; } = [];
    }

    private IActorRef _asker = ActorRefs.Nobody;
    private Run? _run;
    private int _next;
    private long _start;
    private long _sent;
    private List<double> _samples = [];

    public static Props Props() => Akka.Actor.Props.Create(() => new PingPong());

    public PingPong()
    {
        Receive<Run>(run =>
        {
            _asker = Sender;
            _run = run;
            _next = 0;
            _start = Stopwatch.GetTimestamp();
            _samples = new List<double>(run.Chats.Count);
            _sent = _start;
            run.Session.Tell(run.Chats[_next++]);
        });
        Receive<ChatArrived>(_ =>
        {
            if (_run is null) return;
            _samples.Add(Stopwatch.GetElapsedTime(_sent).TotalMicroseconds);
            if (_next < _run.Chats.Count)
            {
                _sent = Stopwatch.GetTimestamp();
                _run.Session.Tell(_run.Chats[_next++]);
                return;
            }
            _asker.Tell(new Finished(Stopwatch.GetElapsedTime(_start).TotalMicroseconds / _run.Chats.Count) { Samples = _samples });
            _run = null;
        });
        ReceiveAny(_ => { });
    }
}
