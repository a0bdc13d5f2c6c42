using System.Threading.Channels;
using Akka.Actor;
using Encryptio.Peer.Node;

namespace Encryptio.Host.Demo;

/// <summary>Hands a peer node's events to async code (the demo's script) through a channel.</summary>
public sealed class EventChannelActor : ReceiveActor
{
    public static Props Props(ChannelWriter<IPeerEvent> writer) => Akka.Actor.Props.Create(() => new EventChannelActor(writer));

    public EventChannelActor(ChannelWriter<IPeerEvent> writer)
    {
        Receive<IPeerEvent>(e => writer.TryWrite(e));
    }
}
