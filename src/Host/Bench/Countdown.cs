using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Directory;

namespace Encryptio.Host.Bench;

/// <summary>Counts the load generator's events of one kind and answers when the expected number has arrived.</summary>
public sealed class Countdown : ReceiveActor
{
    public sealed record Expect(int Count, Type Kind);

    public sealed record Reached(long Timestamp);

    private IActorRef _asker = ActorRefs.Nobody;
    private Expect? _expect;
    private int _seen;

    public static Props Props() => Akka.Actor.Props.Create(() => new Countdown());

    public Countdown()
    {
        Receive<Expect>(expect =>
        {
            _asker = Sender;
            _expect = expect;
            _seen = 0;
        });
        Receive<RegistrationRejected>(r => Fail($"a simulated registration was rejected: {r.Reason}"));
        Receive<CommandRefused>(r => Fail($"the directory refused {r.Command}: {r.Reason}"));
        ReceiveAny(message =>
        {
            if (_expect is null || message.GetType() != _expect.Kind) return;
            if (++_seen < _expect.Count) return;
            _asker.Tell(new Reached(Stopwatch.GetTimestamp()));
            _expect = null;
        });
    }

    private void Fail(string reason)
    {
        _asker.Tell(new Status.Failure(new InvalidOperationException(reason)));
        _expect = null;
    }
}
