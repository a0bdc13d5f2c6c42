using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Encryptio.Messages.Directory;

namespace Encryptio.Peer.Node;

// The seam to the session layer (SessionActor and the link actors).
public sealed partial class PeerActor
{
    private Props? SessionProps(Introduction intro, X509Certificate2 certificate) => null;

    private static void RefuseLink(IActorRef connection, string reason) =>
        connection.Tell(Akka.IO.Tcp.Close.Instance);
}
