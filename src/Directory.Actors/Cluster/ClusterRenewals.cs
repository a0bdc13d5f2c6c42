using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Relay;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// /user/registry/relay-renewals on the cluster system: fresh relay tokens (wire 1.6) across the
/// directory cluster. Sends this node's members' requests (already checked by <see cref="ClusterRegistry"/>
/// against the registered link) to the pair's sharded <see cref="RenewalEntity"/>, and, for the pairs
/// whose requests met at an entity on this node, has this node's relay learn a token before both members
/// hear of it through their own nodes' PeerLinks (their LinkRelays). Nothing of this system reaches a peer.
/// </summary>
public sealed class ClusterRenewals : ReceiveActor, IWithTimers
{
    public const string Name = "relay-renewals";

    /// <summary>From DirectoryNode.Start: this node's relay (edge system, a local ref); none until told.</summary>
    public sealed record UseRelay(RelayReference Relay);

    /// <summary>From a <see cref="RenewalEntity"/> on this node: both members asked. The links are LinkRelays (any node).</summary>
    public sealed record Matched(ConversationId Conversation, Uid A, IActorRef ALink, Uid B, IActorRef BLink);

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    private sealed class Resend
    {
        public static readonly Resend Instance = new();
    }

    /// <summary>How often requests their meeting point has not acknowledged are sent again (within their window).</summary>
    public static readonly TimeSpan ResendEvery = TimeSpan.FromSeconds(1);

    public static Props Props(IActorRef region, TimeSpan window) => Akka.Actor.Props.Create(() => new ClusterRenewals(region, window));

    public ITimerScheduler Timers { get; set; } = null!;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _window;
    private readonly RenewalQuota _quota;
    private RelayReference? _relay;
    // Sent, not yet acknowledged: a shard on a node that just died swallows what is sent to it until the node is removed.
    private readonly Dictionary<(ConversationId, Uid, Uid), (WantRelayRenewal Wanted, DateTimeOffset Until)> _unacknowledged = new();

    public ClusterRenewals(IActorRef region, TimeSpan window)
    {
        _window = window;
        _quota = new RenewalQuota(window);
        Receive<UseRelay>(m => _relay = m.Relay);
        Receive<WantRelayRenewal>(wanted =>
        {
            // The per-UID cap a single node's RenewalBook keeps, kept here: the pairs' entities each see one pair.
            if (_quota.TryAsk(wanted.By, wanted.Conversation, wanted.Peer, Context.System.Scheduler.Now) is { } reason)
            {
                _log.Info("fresh relay token for {0} refused: {1}", wanted.By, reason);
                wanted.Link.Tell(new PeerLink.ToPeer(new CommandRefused(DirectoryCommand.Relay, RefusalCode.TooManyRelayRequests, reason)));
                return;
            }
            _unacknowledged[(wanted.Conversation, wanted.By, wanted.Peer)] = (wanted, Context.System.Scheduler.Now + _window);
            region.Tell(wanted);
        });
        Receive<RelayRenewalNoted>(m => _unacknowledged.Remove((m.Conversation, m.By, m.Peer)));
        Receive<Resend>(_ =>
        {
            var now = Context.System.Scheduler.Now;
            foreach (var (key, (wanted, until)) in _unacknowledged.ToList())
                if (until <= now) _unacknowledged.Remove(key);
                else region.Tell(wanted);
        });
        Receive<Matched>(OnMatched);
        Receive<Sweep>(_ => _quota.Expire(Context.System.Scheduler.Now));
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, _window);
        Timers.StartPeriodicTimer(Resend.Instance, Resend.Instance, ResendEvery);
    }

    private void OnMatched(Matched m)
    {
        if (_relay is null)
        {
            var refused = new CommandRefused(DirectoryCommand.Relay, RefusalCode.NoRelay, "the directory node where the pair's requests met runs no relay");
            m.ALink.Tell(new PeerLink.ToPeer(refused));
            m.BLink.Tell(new PeerLink.ToPeer(refused));
            _log.Warning("fresh relay token for {0} and {1} refused: this node runs no relay", m.A, m.B);
            return;
        }
        var token = Messages.Relay.RelayPreface.NewToken();
        // The relay knows the token before either member can present it.
        _relay.Relay.Tell(new IssueRelayToken(token, m.A, m.B));
        var offer = new RelayOffer(_relay.Endpoint, token);
        m.ALink.Tell(new PeerLink.ToPeer(new RelayRenewed(m.Conversation, m.B, offer)));
        m.BLink.Tell(new PeerLink.ToPeer(new RelayRenewed(m.Conversation, m.A, offer)));
        _log.Info("fresh relay token for {0} (at {1}) and {2} (at {3}) in {4}, relayed by this node",
            m.A, m.ALink.Path.Address, m.B, m.BLink.Path.Address, m.Conversation);
    }
}
