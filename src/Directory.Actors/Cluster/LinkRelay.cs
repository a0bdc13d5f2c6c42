using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// /user/registry/link-&lt;n&gt; on the cluster system: one per registration of this node, the ref a
/// proposal on another node uses for the member (no edge ref ever crosses the cluster). Passes what a
/// proposal says on to the user's PeerLink, remembers which node each proposal came from, and sends
/// the user's answers there with itself as the member's link.
/// </summary>
public sealed class LinkRelay : ReceiveActor
{
    /// <summary>From the registry: the user answered a proposal this node does not hold.</summary>
    public sealed record RouteAnswer(Proposals.Answer Answer, IActorRef Proposals);

    /// <summary>Pending proposals a user may be shown at once from other nodes: the oldest is forgotten first.</summary>
    private const int MaxOrigins = 64;

    public static Props Props(IActorRef link) => Akka.Actor.Props.Create(() => new LinkRelay(link));

    private readonly Dictionary<ConversationId, Address> _origins = new();
    private readonly Queue<ConversationId> _order = new();

    public LinkRelay(IActorRef link)
    {
        Receive<PeerLink.ToPeer>(m =>
        {
            switch (m.Message)
            {
                // The proposal's node is the sender's: a Proposal actor written out by that node's cluster system.
                case ProposalReceived p when !Sender.Path.Address.HasLocalScope: Remember(p.Conversation, Sender.Path.Address); break;
                case Introduction i: _origins.Remove(i.Conversation); break;
                case ProposalDeclined d: _origins.Remove(d.Conversation); break;
                case ProposalExpired e: _origins.Remove(e.Conversation); break;
            }
            link.Tell(m);
        });
        Receive<RouteAnswer>(r =>
        {
            if (_origins.TryGetValue(r.Answer.Conversation, out var origin))
                Context.ActorSelection($"{origin}/user/{DirectoryCluster.RegistryName}").Tell(r.Answer with { Link = Self });
            else
                r.Proposals.Tell(new Registry.Unrouted(r.Answer));
        });
    }

    private void Remember(ConversationId conversation, Address origin)
    {
        if (_origins.TryAdd(conversation, origin)) _order.Enqueue(conversation);
        while (_origins.Count > MaxOrigins && _order.TryDequeue(out var oldest)) _origins.Remove(oldest);
    }
}
