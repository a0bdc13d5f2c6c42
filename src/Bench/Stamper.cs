using System.Diagnostics;
using Akka.Actor;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>Notes the moment a chat opens (ChatArrived) and tells <paramref name="target"/> the timestamp.</summary>
public sealed class Stamper : ReceiveActor
{
    public sealed record Stamped(long Timestamp);

    public static Props Props(IActorRef target) => Akka.Actor.Props.Create(() => new Stamper(target));

    public Stamper(IActorRef target)
    {
        Receive<ChatArrived>(_ => target.Tell(new Stamped(Stopwatch.GetTimestamp())));
        ReceiveAny(_ => { });
    }
}
