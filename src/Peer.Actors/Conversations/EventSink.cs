using Akka.Actor;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Conversations;

/// <summary>Where a peer node's events go: its console, and an observer (demo, tests) when there is one.</summary>
public sealed record EventSink(IActorRef Console, IActorRef? Observer)
{
    public void Publish(IPeerEvent e)
    {
        Console.Tell(e);
        Observer?.Tell(e);
    }
}
