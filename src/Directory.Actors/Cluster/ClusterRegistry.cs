using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Akka.Event;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// /user/registry on the cluster system: a clustered directory node's registry. To the edge actors
/// (PeerLinks, PeerLink, Proposals, through local refs) it speaks <see cref="Registry"/>'s protocol, so
/// they are the same on one node and on several. It keeps this node's registrations (links,
/// certificates, revocation checks, presence) and defers "who holds this UID" to the UID's sharded
/// <see cref="UidEntity"/>, which may live on any node and answers with <see cref="UidSuperseded"/>.
/// `who` is read from <see cref="OnlineIndex"/> (Distributed Data). Each local registration has a
/// number: an edge ref never crosses the cluster, only this actor's ref and the number do.
/// </summary>
public sealed class ClusterRegistry : ReceiveActor, IWithTimers
{
    private sealed record PollRevocations
    {
        public static readonly PollRevocations Instance = new();
        private PollRevocations() { }
    }

    private sealed record RetryClaims
    {
        public static readonly RetryClaims Instance = new();
        private RetryClaims() { }
    }

    /// <summary>The CA-signed revocation notices every node hands to its own online peers (Distributed Pub/Sub).</summary>
    public const string RevocationsTopic = "encryptio-revocations";

    /// <summary>Every fresh registration, for the presence watches (<see cref="Registry.WatchOnline"/>) held at the other nodes (Distributed Pub/Sub).</summary>
    public const string RegistrationsTopic = "encryptio-registrations";

    /// <summary>From a RemoteLookup: a member held at another node, whose going offline proposals here must hear of.</summary>
    public sealed record WatchRelay(Uid Uid, IActorRef Relay);

    /// <summary>How often claims the entities have not acknowledged are sent again.</summary>
    public static readonly TimeSpan ClaimRetry = TimeSpan.FromSeconds(1);

    /// <param name="renewals">The shard region of the pairs' meeting points for fresh relay tokens (<see cref="RenewalEntity"/>).</param>
    public static Props Props(IActorRef region, int onlineKeys, IRevocations? revocations, TimeSpan poll, IActorRef renewals) =>
        Akka.Actor.Props.Create(() => new ClusterRegistry(region, onlineKeys, revocations, poll, renewals));

    public ITimerScheduler Timers { get; set; } = null!;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _region;
    private readonly IRevocations? _revocations;
    private readonly TimeSpan _poll;
    private long? _revocationsSeen;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly OnlineIndex _index;
    private readonly string _self;
    private readonly HashSet<string> _upNodes = new();
    private readonly HashSet<string> _unreachable = new();

    private long _serial;
    private readonly Dictionary<long, Registry.Entry> _links = new();
    private readonly Dictionary<IActorRef, long> _numberOf = new();
    // This node's current registration of each UID it holds (as far as it knows: the entity decides).
    private readonly Dictionary<Uid, long> _current = new();
    private readonly HashSet<IActorRef> _subscribers = new();
    // Presence watches of this node's links, told when the UID registers at any node.
    private readonly PresenceWatches _watches = new();
    // Claims (and whether each was fresh) no entity has acknowledged yet: sent again every ClaimRetry.
    private readonly Dictionary<long, bool> _unacknowledged = new();
    // Each registration's relay: the ref proposals on other nodes use for its user.
    private readonly Dictionary<long, IActorRef> _relays = new();
    // Relays of users at other nodes that a proposal here may be waiting on.
    private readonly Dictionary<IActorRef, Uid> _remoteRelays = new();

    private readonly IActorRef _renewals;

    public ClusterRegistry(IActorRef region, int onlineKeys, IRevocations? revocations, TimeSpan poll, IActorRef renewals)
    {
        _renewals = renewals;
        _region = region;
        _revocations = revocations;
        _poll = poll;
        _index = new OnlineIndex(onlineKeys);
        _self = OnlineIndex.NodeName(_cluster.SelfUniqueAddress);

        Receive<Registry.Add>(OnAdd);
        Receive<UidSuperseded>(OnSuperseded);
        Receive<UidClaimed>(m => { _unacknowledged.Remove(m.Link); });
        Receive<RetryClaims>(_ =>
        {
            foreach (var (number, fresh) in _unacknowledged) _region.Tell(new ClaimUid(_links[number].Uid, Self, number, fresh));
        });
        Receive<Registry.Remove>(m => { if (_numberOf.TryGetValue(m.Link, out var n)) Drop(n, "unregistered"); });
        Receive<Terminated>(t =>
        {
            if (_numberOf.TryGetValue(t.ActorRef, out var n)) Drop(n, "link stopped");
            else if (_remoteRelays.Remove(t.ActorRef, out var uid)) Announce(uid, t.ActorRef);
        });
        Receive<WatchRelay>(m => { if (_remoteRelays.TryAdd(m.Relay, m.Uid)) Context.Watch(m.Relay); });
        // The node list (wire 1.5) is its child's job; the edge reaches it through this registry's seam.
        Receive<Registry.ListNodes>(m => Context.Child(EdgeNodes.Name).Forward(m));
        Receive<EdgeNodes.Announce>(m => Context.Child(EdgeNodes.Name).Forward(m));
        // Fresh relay tokens (wire 1.6) meet cluster-wide: its child's job, once the UID is checked here.
        Receive<Relay.RelayRenewals.Wanted>(OnRenewalWanted);
        Receive<ClusterRenewals.UseRelay>(m => Context.Child(ClusterRenewals.Name).Forward(m));
        Receive<Registry.ListOnline>(_ => Sender.Tell(new Registry.OnlineNow(_index.Online(_upNodes, _current.Keys).ToImmutableArray())));
        Receive<Registry.Lookup>(OnLookup);
        Receive<Registry.SubscribePresence>(m => _subscribers.Add(m.Subscriber));
        Receive<Registry.WatchOnline>(m =>
        {
            if (!_watches.TryWatch(m.Uid, m.Link)) m.Link.Tell(new Registry.WatchRefused(m.Uid, "too many presence watches"));
        });
        Receive<DescribeUid>(d => Sender.Tell(_current.TryGetValue(d.Uid, out var n)
            ? new UidDescribed(d.Uid, _relays[n], _links[n].CertificateDer, _links[n].Endpoint) : new UidNotHere(d.Uid)));
        Receive<Registry.RouteAnswer>(r =>
        {
            if (_numberOf.TryGetValue(r.Answer.Link, out var n)) _relays[n].Tell(new LinkRelay.RouteAnswer(r.Answer, Sender));
            else Sender.Tell(new Registry.Unrouted(r.Answer));
        });
        // A member on another node answered a proposal held here; its link is its relay. Proposals is the presence subscriber.
        Receive<Proposals.Answer>(a => { foreach (var subscriber in _subscribers) subscriber.Tell(a); });
        Receive<PollRevocations>(_ => OnPollRevocations());
        // Published by whichever node dropped the revoked user: a public statement for everyone online.
        Receive<KeyRevoked>(notice =>
        {
            foreach (var (uid, number) in _current)
                if (uid != notice.Uid) _links[number].Link.Tell(new PeerLink.ToPeer(notice));
        });
        // Our own publication comes back too: its watchers were told at once.
        Receive<UidRegistered>(m => { if (!Sender.Equals(Self)) TellWatchers(m.Uid); });
        Receive<SubscribeAck>(_ => { });
        Receive<Changed>(c => { if (c.Key is LWWDictionaryKey<string, string> key) _index.Replace(key, c.Get(key)); });
        Receive<IUpdateResponse>(r => { if (!r.IsSuccessful) _log.Warning("registry: the online index was not updated: {0}", r); });
        Receive<ClusterEvent.MemberUp>(m => _upNodes.Add(OnlineIndex.NodeName(m.Member.UniqueAddress)));
        Receive<ClusterEvent.MemberRemoved>(OnMemberRemoved);
        Receive<ClusterEvent.UnreachableMember>(m => _unreachable.Add(OnlineIndex.NodeName(m.Member.UniqueAddress)));
        Receive<ClusterEvent.ReachableMember>(m => _unreachable.Remove(OnlineIndex.NodeName(m.Member.UniqueAddress)));
        Receive<ClusterEvent.IMemberEvent>(m =>
        {
            // Leaving, exiting or downed: its registrations are no longer shown.
            if (m is ClusterEvent.MemberLeft or ClusterEvent.MemberExited or ClusterEvent.MemberDowned)
                _upNodes.Remove(OnlineIndex.NodeName(m.Member.UniqueAddress));
        });
    }

    protected override void PreStart()
    {
        Context.ActorOf(EdgeNodes.Props(), EdgeNodes.Name);
        Context.ActorOf(ClusterRenewals.Props(_renewals, Proposals.RelayRenewalWindow), ClusterRenewals.Name);
        foreach (var key in _index.Keys) _replicator.Tell(Dsl.Subscribe(key, Self));
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(RevocationsTopic, Self));
        _mediator.Tell(new Akka.Cluster.Tools.PublishSubscribe.Subscribe(RegistrationsTopic, Self));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        if (_revocations is not null) Timers.StartPeriodicTimer(PollRevocations.Instance, PollRevocations.Instance, _poll);
        Timers.StartPeriodicTimer(RetryClaims.Instance, RetryClaims.Instance, ClaimRetry);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnAdd(Registry.Add add)
    {
        var entry = add.Entry;
        if (_revocations?.NoticeFor(entry.Uid, entry.CertificateDer) is { } late)
        {
            entry.Link.Tell(new PeerLink.Revoked(late));
            _log.Warning("registry: {0} not added: its certificate (serial {1}) was revoked", entry.Uid, late.Serial);
            return;
        }
        var number = ++_serial;
        _links[number] = entry;
        _numberOf[entry.Link] = number;
        _current[entry.Uid] = number;
        Context.Watch(entry.Link);
        _relays[number] = Context.ActorOf(LinkRelay.Props(entry.Link), $"link-{number}");
        // A fresh proof: the UID's entity supersedes whoever held it, here or on another node.
        Claim(entry.Uid, number, fresh: true);
        Publish(entry.Uid);
        _log.Info("registry: {0} online via {1} (p2p {2}), {3} on this node", entry.Uid, entry.Link.Path, entry.Endpoint, _current.Count);
        TellWatchers(entry.Uid);
        // The other nodes' watchers too: one message per registration to every node, the price of not indexing watches cluster-wide.
        _mediator.Tell(new Publish(RegistrationsTopic, new UidRegistered(entry.Uid)));
    }

    private void TellWatchers(Uid uid)
    {
        foreach (var watcher in _watches.Registered(uid)) watcher.Tell(new Registry.CameOnline(uid));
    }

    private void OnSuperseded(UidSuperseded superseded)
    {
        _unacknowledged.Remove(superseded.Link);
        if (!_links.TryGetValue(superseded.Link, out var entry)) return;
        entry.Link.Tell(PeerLink.Supersede.Instance);
        Forget(superseded.Link, entry);
        _log.Info("registry: {0} superseded at {1} by a later registration", entry.Uid, entry.Link.Path);
    }

    private void Drop(long number, string why)
    {
        var entry = _links[number];
        _region.Tell(new ReleaseUid(entry.Uid, Self, number));
        Forget(number, entry);
        _log.Info("registry: {0} offline ({1}) via {2}, {3} on this node", entry.Uid, why, entry.Link.Path, _current.Count);
    }

    private void Forget(long number, Registry.Entry entry)
    {
        _links.Remove(number);
        _unacknowledged.Remove(number);
        if (_relays.Remove(number, out var relay)) Context.Stop(relay);
        _numberOf.Remove(entry.Link);
        _watches.Forget(entry.Link);
        Context.Unwatch(entry.Link);
        if (_current.TryGetValue(entry.Uid, out var current) && current == number)
        {
            _current.Remove(entry.Uid);
            Unpublish(entry.Uid, _self);
        }
        Announce(entry.Uid, entry.Link);
    }

    private void Announce(Uid uid, IActorRef link)
    {
        foreach (var subscriber in _subscribers) subscriber.Tell(new Registry.WentOffline(uid, link));
    }

    private void OnRenewalWanted(Relay.RelayRenewals.Wanted wanted)
    {
        // Zero trust: the asking UID is the one this node registered for the link, and only its relay crosses the cluster.
        if (!_numberOf.TryGetValue(wanted.Link, out var n) || _links[n].Uid != wanted.By)
        {
            _log.Warning("registry: a fresh relay request for {0} from a link that is not its registration was dropped", wanted.By);
            return;
        }
        Context.Child(ClusterRenewals.Name).Tell(new WantRelayRenewal(wanted.Conversation, wanted.By, wanted.Peer, _relays[n]));
    }

    private void OnLookup(Registry.Lookup lookup)
    {
        // This node's own at once; UIDs the index places at another node are described by that node.
        var found = ImmutableDictionary.CreateBuilder<Uid, Registry.Entry>();
        foreach (var uid in lookup.Uids)
            if (_current.TryGetValue(uid, out var number)) found[uid] = _links[number];
        var remote = lookup.Uids.Where(u => !found.ContainsKey(u))
            .Select(u => (Uid: u, Node: _index.HolderOf(u)))
            .Where(r => r.Node is not null && r.Node != _self && _upNodes.Contains(r.Node))
            .Select(r => (r.Uid, Node: r.Node!)).ToList();
        // A node that is unreachable (killed, not yet downed) would not answer: elsewhere at once, not
        // after RemoteLookup's patience. Its users re-register at other nodes, which the index learns soon.
        var unreachable = remote.Where(r => _unreachable.Contains(r.Node)).Select(r => r.Uid).ToImmutableHashSet();
        remote.RemoveAll(r => unreachable.Contains(r.Uid));
        if (remote.Count == 0) Sender.Tell(new Registry.LookupResult(lookup.Correlation, found.ToImmutable()) { Elsewhere = unreachable });
        else Context.ActorOf(RemoteLookup.Props(Sender, lookup.Correlation, found.ToImmutable(), remote, unreachable));
    }

    private void OnMemberRemoved(ClusterEvent.MemberRemoved removed)
    {
        var node = OnlineIndex.NodeName(removed.Member.UniqueAddress);
        _upNodes.Remove(node);
        _unreachable.Remove(node);
        // Entities that lived there are gone (remember-entities off): claim this node's UIDs again,
        // without superseding anyone who registered elsewhere meanwhile.
        // Until acknowledged: the region may still send some to the gone node for a moment.
        foreach (var (uid, number) in _current) Claim(uid, number, fresh: false);
        foreach (var uid in _index.LeftBy(node).ToList()) Unpublish(uid, node);
        _log.Info("registry: node {0} removed from the directory cluster; {1} registrations of this node re-asserted", removed.Member.Address, _current.Count);
    }

    private void Claim(Uid uid, long number, bool fresh)
    {
        // A re-assertion never turns a pending fresh claim into a weaker one.
        _unacknowledged[number] = fresh || _unacknowledged.GetValueOrDefault(number);
        _region.Tell(new ClaimUid(uid, Self, number, _unacknowledged[number]));
    }

    private void Publish(Uid uid) => _replicator.Tell(_index.Put(uid, _cluster.SelfUniqueAddress, _self));

    private void Unpublish(Uid uid, string node) => _replicator.Tell(_index.RemoveIfHeldBy(uid, node, _cluster.SelfUniqueAddress));

    private void OnPollRevocations()
    {
        var version = _revocations!.Version;
        if (version == _revocationsSeen) return;
        _revocationsSeen = version;
        foreach (var number in _current.Values.ToList())
        {
            var entry = _links[number];
            if (_revocations.NoticeFor(entry.Uid, entry.CertificateDer) is not { } notice) continue;
            _region.Tell(new ReleaseUid(entry.Uid, Self, number));
            entry.Link.Tell(new PeerLink.Revoked(notice));
            Forget(number, entry);
            // A CA-signed notice is public: every node (this one included) hands it to its online peers.
            var signed = !notice.AuthoritySignature.IsDefaultOrEmpty;
            if (signed) _mediator.Tell(new Publish(RevocationsTopic, notice));
            _log.Warning("registry: {0} dropped: its certificate (serial {1}) was revoked; {2}", entry.Uid, notice.Serial,
                signed ? "the CA-signed notice goes to everyone online on every node" : "the list line carries no CA signature, so no notice was sent");
        }
    }
}
