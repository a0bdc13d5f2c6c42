using Akka.Actor;

namespace Encryptio.Peer.Node;

/// <summary>Why CoordinatedShutdown ran when a part of the node died: the host exits with a failure.</summary>
public sealed class NodeFailed : CoordinatedShutdown.Reason
{
    public static readonly NodeFailed Instance = new();

    private NodeFailed() { }

    public override int ExitCode => 1;
}
