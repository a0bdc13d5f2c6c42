using Akka.Actor;

namespace Encryptio.Bench;

/// <summary>Takes events a real PeerActor would turn into output, and drops them.</summary>
public sealed class NullSink : ReceiveActor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new NullSink());

    public NullSink() => ReceiveAny(_ => { });
}
