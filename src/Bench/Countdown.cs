using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Directory;

namespace Encryptio.Bench;

/// <summary>
/// Counts the load generator's events of one kind and answers when the expected number has arrived.
/// Given peers to <see cref="Expect.Start"/>, it tells the first <see cref="Expect.Window"/> of them to
/// go, then one more per event counted, so the directory never holds more registrations waiting for
/// their proof than its cap allows (`max-unauthenticated-links`, 1024 in directory.conf).
/// </summary>
public sealed class Countdown : ReceiveActor
{
    /// <param name="Record">Keep each event's arrival time (Stopwatch ticks) in <see cref="Reached.Arrivals"/>.</param>
    public sealed record Expect(int Count, Type Kind, IReadOnlyList<IActorRef>? Start = null, int Window = 0, bool Record = false);

    public sealed record Reached(long Timestamp)
    {
        public IReadOnlyList<long> Arrivals { get; init; } = [];
    }

    private IActorRef _asker = ActorRefs.Nobody;
    private Expect? _expect;
    private int _seen;
    private int _started;
    private List<long> _arrivals = [];

    public static Props Props() => Akka.Actor.Props.Create(() => new Countdown());

    public Countdown()
    {
        Receive<Expect>(expect =>
        {
            _asker = Sender;
            _expect = expect;
            _seen = 0;
            _started = 0;
            _arrivals = [];
            var first = Math.Min(expect.Window, expect.Start?.Count ?? 0);
            while (_started < first) StartNext();
        });
        Receive<RegistrationRejected>(r => Fail($"a simulated registration was rejected: {r.Reason}"));
        Receive<CommandRefused>(r => Fail($"the directory refused {r.Command}: {r.Reason}"));
        ReceiveAny(message =>
        {
            if (_expect is null || message.GetType() != _expect.Kind) return;
            if (_expect.Record) _arrivals.Add(Stopwatch.GetTimestamp());
            StartNext();
            if (++_seen < _expect.Count) return;
            _asker.Tell(new Reached(Stopwatch.GetTimestamp()) { Arrivals = _arrivals });
            _expect = null;
        });
    }

    private void StartNext()
    {
        if (_expect?.Start is not { } peers || _started >= peers.Count) return;
        peers[_started++].Tell(SimulatedPeer.Go.Instance);
    }

    private void Fail(string reason)
    {
        _asker.Tell(new Status.Failure(new InvalidOperationException(reason)));
        _expect = null;
    }
}
