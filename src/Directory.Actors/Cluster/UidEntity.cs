using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Encryptio.Messages.Cluster;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// The sharded entity of one online UID (one per UID cluster-wide, wherever Sharding puts it): which
/// node's link holds the UID. It is the arbiter of "a later registration supersedes the earlier one"
/// across nodes. Holds no certificate and speaks to no peer: the node's <see cref="ClusterRegistry"/>
/// keeps the registration itself. Vacant, it passivates; nothing is persisted (remember-entities off):
/// a lost entity is rebuilt from the nodes' re-assertions (<see cref="ClaimUid.Fresh"/> false).
/// States: <see cref="Vacant"/> and <see cref="Held"/>.
/// </summary>
public sealed class UidEntity : ReceiveActor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new UidEntity());

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public UidEntity() => Become(Vacant);

    private void Vacant()
    {
        Receive<ClaimUid>(Hold);
        // A late release of a registration already superseded or lost: nothing to do.
        Receive<ReleaseUid>(_ => Passivate());
        Receive<Terminated>(_ => { });
    }

    private void Held(ClaimUid holder)
    {
        // The same claim again (its acknowledgement was lost, or a re-assertion): it still holds.
        Receive<ClaimUid>(c => c.Node.Equals(holder.Node) && c.Link == holder.Link, c => c.Node.Tell(new UidClaimed(c.Uid, c.Link)));
        Receive<ClaimUid>(c => c.Fresh, claim =>
        {
            // The newer proof wins, on whichever node it was made.
            holder.Node.Tell(new UidSuperseded(holder.Uid, holder.Link));
            _log.Info("uid {0}: link {1} at {2} superseded by link {3} at {4}", holder.Uid, holder.Link, holder.Node.Path.Address, claim.Link, claim.Node.Path.Address);
            Hold(claim, previous: holder);
        });
        // A re-assertion never takes a UID someone holds: the re-asserting registration is the older one.
        Receive<ClaimUid>(claim => claim.Node.Tell(new UidSuperseded(claim.Uid, claim.Link)));
        Receive<ReleaseUid>(r => r.Node.Equals(holder.Node) && r.Link == holder.Link, _ =>
        {
            Context.Unwatch(holder.Node);
            Passivate();
        });
        Receive<ReleaseUid>(_ => { });
        // The holder's node left the cluster (or its registry stopped): its registrations went with it.
        Receive<Terminated>(t => t.ActorRef.Equals(holder.Node), _ =>
        {
            _log.Info("uid {0}: its node {1} is gone; the registration ends", holder.Uid, holder.Node.Path.Address);
            Passivate();
        });
        Receive<Terminated>(_ => { });
    }

    private void Hold(ClaimUid claim) => Hold(claim, previous: null);

    private void Hold(ClaimUid claim, ClaimUid? previous)
    {
        if (previous is not null && !previous.Node.Equals(claim.Node)) Context.Unwatch(previous.Node);
        Context.Watch(claim.Node);
        claim.Node.Tell(new UidClaimed(claim.Uid, claim.Link));
        Become(() => Held(claim));
    }

    /// <summary>
    /// Vacant: asks the shard to stop this entity. A claim that arrives meanwhile is buffered by the
    /// shard and handed to the next incarnation, so nothing is lost.
    /// </summary>
    private void Passivate()
    {
        Become(Vacant);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
