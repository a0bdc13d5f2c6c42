using Akka.Actor;
using Encryptio.Messages.Directory;

namespace Encryptio.Directory;

/// <summary>
/// /user/directory: the only path a peer may select. Stateless on purpose: a peer can resolve its ref
/// and Kill it, and a restart loses nothing. It hands each Register, with the peer as sender, to a new
/// PeerLink; every later message goes to the PeerLink that answered (the sender of AuthChallenge).
/// </summary>
public sealed class DirectoryGate : ReceiveActor
{
    public static Props Props(IActorRef peerLinks) => Akka.Actor.Props.Create(() => new DirectoryGate(peerLinks));

    public DirectoryGate(IActorRef peerLinks)
    {
        Receive<Register>(register => peerLinks.Forward(register));
        Receive<IDirectoryMessage>(message => Sender.Tell(new CommandRefused(DirectoryCommand.Of(message), RefusalCode.NotRegistered,
            "not registered here: send Register to /user/directory, then talk to the actor that sent AuthChallenge")));
    }
}
