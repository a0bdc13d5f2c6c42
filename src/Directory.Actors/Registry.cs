using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// /user/registry: who is online, UID -> (PeerLink, certificate, P2P endpoint). Only PeerLinks and
/// Proposals talk to it; it never sends anything to a peer, so no peer can learn its ref or make it
/// fail by answering strangely. Presence only: nothing is persisted.
/// </summary>
public sealed class Registry : ReceiveActor, IWithTimers
{
    /// <summary>One online peer. The link is the directory's own actor for it, never the peer's ref.</summary>
    public sealed record Entry(Uid Uid, IActorRef Link, ImmutableArray<byte> CertificateDer, PeerEndpoint Endpoint);

    /// <summary>A PeerLink proved its peer's identity. Replaces (and supersedes) any earlier link of the UID.</summary>
    public sealed record Add(Entry Entry);

    /// <summary>The link's peer left or died. Ignored unless the link is still the UID's current one.</summary>
    public sealed record Remove(Uid Uid, IActorRef Link);

    /// <summary>Answered with <see cref="OnlineNow"/>.</summary>
    public sealed record ListOnline
    {
        public static readonly ListOnline Instance = new();
        private ListOnline() { }
    }

    public sealed record OnlineNow(ImmutableArray<Uid> Uids);

    /// <summary>Answered with <see cref="LookupResult"/> carrying the same correlation object.</summary>
    public sealed record Lookup(ImmutableArray<Uid> Uids, object Correlation);

    /// <param name="Elsewhere">
    /// UIDs not found here but registered at another node of a directory cluster (only a clustered
    /// registry fills it): a proposal cannot reach them yet, and the refusal says so rather than "not online".
    /// </param>
    public sealed record LookupResult(object Correlation, ImmutableDictionary<Uid, Entry> Found)
    {
        public ImmutableHashSet<Uid> Elsewhere { get; init; } = ImmutableHashSet<Uid>.Empty;
    }

    /// <summary>
    /// From Proposals: an answer to a proposal it does not hold. A clustered registry sends it on to the
    /// node whose proposal it is; this one (and a clustered one that knows none) answers <see cref="Unrouted"/>.
    /// </summary>
    public sealed record RouteAnswer(Proposals.Answer Answer);

    public sealed record Unrouted(Proposals.Answer Answer);

    /// <summary>The sender is told <see cref="WentOffline"/> whenever an entry is removed or replaced.</summary>
    public sealed record SubscribePresence(IActorRef Subscriber);

    public sealed record WentOffline(Uid Uid, IActorRef Link);

    /// <summary>
    /// From a PeerLink whose peer may watch <paramref name="Uid"/> (it checked the introduction): the
    /// link is told <see cref="CameOnline"/> once, the next time that UID registers; or <see cref="WatchRefused"/> now.
    /// </summary>
    public sealed record WatchOnline(Uid Uid, IActorRef Link);

    public sealed record CameOnline(Uid Uid);

    public sealed record WatchRefused(Uid Uid, string Reason);

    /// <summary>From a PeerLink once registered: answered with <see cref="NodesNow"/>, the cluster's edge endpoints.</summary>
    public sealed record ListNodes
    {
        public static readonly ListNodes Instance = new();
        private ListNodes() { }
    }

    /// <summary>Where peers reach each directory node; empty on a single node (it sends peers none).</summary>
    public sealed record NodesNow(ImmutableArray<PeerEndpoint> Edges);

    private sealed record PollRevocations
    {
        public static readonly PollRevocations Instance = new();
        private PollRevocations() { }
    }

    /// <param name="revocations">The operator's revocation list, polled every <paramref name="poll"/>; null for none.</param>
    public static Props Props(IRevocations? revocations = null, TimeSpan? poll = null) =>
        Akka.Actor.Props.Create(() => new Registry(revocations, poll ?? TimeSpan.FromSeconds(1)));

    public ITimerScheduler Timers { get; set; } = null!;
    private readonly IRevocations? _revocations;
    private readonly TimeSpan _poll;
    private long? _revocationsSeen;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Uid, Entry> _online = new();
    private readonly Dictionary<IActorRef, Uid> _uidOfLink = new();
    private readonly HashSet<IActorRef> _subscribers = new();
    private readonly PresenceWatches _watches = new();

    public Registry(IRevocations? revocations, TimeSpan poll)
    {
        _revocations = revocations;
        _poll = poll;
        Receive<PollRevocations>(_ => OnPollRevocations());
        Receive<Add>(OnAdd);
        Receive<Remove>(m => RemoveIfCurrent(m.Uid, m.Link, "unregistered"));
        Receive<ListOnline>(_ => Sender.Tell(new OnlineNow(_online.Keys.Order().ToImmutableArray())));
        Receive<Lookup>(OnLookup);
        Receive<SubscribePresence>(m => _subscribers.Add(m.Subscriber));
        Receive<WatchOnline>(m =>
        {
            if (!_watches.TryWatch(m.Uid, m.Link)) m.Link.Tell(new WatchRefused(m.Uid, "too many presence watches"));
        });
        Receive<RouteAnswer>(m => Sender.Tell(new Unrouted(m.Answer)));
        Receive<ListNodes>(_ => Sender.Tell(new NodesNow([])));
        // A link that stops for any reason (peer gone, crash, a forged Kill) takes its entry with it.
        Receive<Terminated>(OnLinkTerminated);
    }

    protected override void PreStart()
    {
        if (_revocations is not null) Timers.StartPeriodicTimer(PollRevocations.Instance, PollRevocations.Instance, _poll);
    }

    private void OnAdd(Add add)
    {
        var entry = add.Entry;
        // Revoked between the link's certificate check and now: the poll may already have looked.
        if (_revocations?.NoticeFor(entry.Uid, entry.CertificateDer) is { } late)
        {
            entry.Link.Tell(new PeerLink.Revoked(late));
            _log.Warning("registry: {0} not added: its certificate (serial {1}) was revoked", entry.Uid, late.Serial);
            return;
        }
        if (_online.TryGetValue(entry.Uid, out var previous) && !previous.Link.Equals(entry.Link))
        {
            // The newer proof wins: the old link tells its peer and stops.
            Context.Unwatch(previous.Link);
            previous.Link.Tell(PeerLink.Supersede.Instance);
            Announce(previous);
            _log.Info("registry: {0} superseded at {1} by {2}", entry.Uid, previous.Link.Path, entry.Link.Path);
        }
        if (previous is not null)
        {
            _uidOfLink.Remove(previous.Link);
            _watches.Forget(previous.Link);
        }
        _online[entry.Uid] = entry;
        _uidOfLink[entry.Link] = entry.Uid;
        Context.Watch(entry.Link);
        _log.Info("registry: {0} online via {1} (p2p {2}), {3} online", entry.Uid, entry.Link.Path, entry.Endpoint, _online.Count);
        foreach (var watcher in _watches.Registered(entry.Uid)) watcher.Tell(new CameOnline(entry.Uid));
    }

    /// <summary>
    /// Checks every live registration again when the revocation list changed. A revoked one is dropped
    /// (its link tells its peer and stops), and a CA-signed notice goes to everyone online: it is a
    /// public statement, the directory does not remember who it introduced to whom across restarts, and
    /// sessions outlive the directory. An unsigned one (an old list line) drops the registration only.
    /// </summary>
    private void OnPollRevocations()
    {
        var version = _revocations!.Version;
        if (version == _revocationsSeen) return;
        _revocationsSeen = version;
        foreach (var entry in _online.Values.ToList())
        {
            if (_revocations.NoticeFor(entry.Uid, entry.CertificateDer) is not { } notice) continue;
            _online.Remove(entry.Uid);
            _uidOfLink.Remove(entry.Link);
            _watches.Forget(entry.Link);
            Context.Unwatch(entry.Link);
            entry.Link.Tell(new PeerLink.Revoked(notice));
            Announce(entry);
            var signed = !notice.AuthoritySignature.IsDefaultOrEmpty;
            if (signed)
                foreach (var other in _online.Values) other.Link.Tell(new PeerLink.ToPeer(notice));
            _log.Warning("registry: {0} dropped: its certificate (serial {1}) was revoked; {2}, {3} online",
                entry.Uid, notice.Serial, signed ? $"the CA-signed notice went to {_online.Count} online peer(s)" : "the list line carries no CA signature, so no notice was sent", _online.Count);
        }
    }

    private void OnLookup(Lookup lookup)
    {
        var found = ImmutableDictionary.CreateBuilder<Uid, Entry>();
        foreach (var uid in lookup.Uids)
            if (_online.TryGetValue(uid, out var entry)) found[uid] = entry;
        Sender.Tell(new LookupResult(lookup.Correlation, found.ToImmutable()));
    }

    private void OnLinkTerminated(Terminated terminated)
    {
        if (_uidOfLink.TryGetValue(terminated.ActorRef, out var uid)) RemoveIfCurrent(uid, terminated.ActorRef, "link stopped");
    }

    private void RemoveIfCurrent(Uid uid, IActorRef link, string why)
    {
        // A superseded link's late Remove must not take the newer registration with it.
        if (!_online.TryGetValue(uid, out var current) || !current.Link.Equals(link)) return;
        _online.Remove(uid);
        _uidOfLink.Remove(link);
        _watches.Forget(link);
        Context.Unwatch(link);
        Announce(current);
        _log.Info("registry: {0} offline ({1}) via {2}, {3} online", uid, why, link.Path, _online.Count);
    }

    private void Announce(Entry gone)
    {
        foreach (var subscriber in _subscribers) subscriber.Tell(new WentOffline(gone.Uid, gone.Link));
    }
}
