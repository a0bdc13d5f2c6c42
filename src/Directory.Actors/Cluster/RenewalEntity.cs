using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Encryptio.Directory.Relay;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Directory;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// The sharded meeting point of one pair's requests for a fresh relay token in one conversation
/// (<see cref="RenewalShards"/>), on whichever node Sharding puts it. Applies the single-node rule
/// (<see cref="RenewalBook{TLink}"/>: both members must ask within the window) to requests that come
/// from any node, and when they meet hands the match to its own node's <see cref="ClusterRenewals"/>,
/// whose relay learns the token. Holds only UIDs and LinkRelay refs; passivates when matched or when
/// the window ends unmatched.
/// </summary>
public sealed class RenewalEntity : ReceiveActor
{
    public static Props Props(TimeSpan window) => Akka.Actor.Props.Create(() => new RenewalEntity(window));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RenewalBook<IActorRef> _book;

    public RenewalEntity(TimeSpan window)
    {
        _book = new RenewalBook<IActorRef>(window);
        Receive<WantRelayRenewal>(wanted =>
        {
            // The asking node stops sending it again.
            Sender.Tell(new RelayRenewalNoted(wanted.Conversation, wanted.By, wanted.Peer));
            switch (_book.Want(wanted.Conversation, wanted.By, wanted.Peer, wanted.Link, Context.System.Scheduler.Now))
            {
                case RenewalOutcome<IActorRef>.Waiting:
                    _log.Debug("{0} asks for a fresh relay token with {1}; waiting for {1} to ask too", wanted.By, wanted.Peer);
                    Context.SetReceiveTimeout(window);
                    break;
                case RenewalOutcome<IActorRef>.Matched matched:
                    // This node's relay issues it: the meeting node is as good as any, and it needs no further hop.
                    Context.ActorSelection($"/user/{DirectoryCluster.RegistryName}/{ClusterRenewals.Name}")
                        .Tell(new ClusterRenewals.Matched(wanted.Conversation, wanted.By, wanted.Link, wanted.Peer, matched.PeerLink));
                    Passivate();
                    break;
                case RenewalOutcome<IActorRef>.Refused refused:
                    _log.Info("fresh relay token for {0} refused: {1}", wanted.By, refused.Reason);
                    wanted.Link.Tell(new PeerLink.ToPeer(new CommandRefused(DirectoryCommand.Relay, RefusalCode.TooManyRelayRequests, refused.Reason)));
                    break;
            }
        });
        // The window ended with one member asking alone: nothing is issued, nothing kept.
        Receive<ReceiveTimeout>(_ => Passivate());
    }

    private void Passivate()
    {
        Context.SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
