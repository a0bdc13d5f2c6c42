using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// /user/registry/edges on the cluster system: where peers reach each node of the directory cluster
/// (its edge endpoint, what `--directory` names). Each node writes its own into one small Distributed
/// Data map (node -> "host:port"; a few entries, so one key is fine) once its edge is bound, and answers
/// <see cref="Registry.ListNodes"/> with the endpoints of the nodes that are Up, its own first. A PeerLink
/// hands the list to its peer after registering (<c>DirectoryNodes</c>, wire 1.5).
/// </summary>
public sealed class EdgeNodes : ReceiveActor
{
    public const string Name = "edges";
    public static readonly LWWDictionaryKey<string, string> Key = new("encryptio-edges");

    /// <summary>From the Host once the edge system listens: where peers reach this node.</summary>
    public sealed record Announce(PeerEndpoint Edge);

    public static Props Props() => Akka.Actor.Props.Create(() => new EdgeNodes());

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _replicator = DistributedData.Get(Context.System).Replicator;
    private readonly string _self;
    private readonly HashSet<string> _upNodes = new();
    private LWWDictionary<string, string> _replica = LWWDictionary<string, string>.Empty;
    private PeerEndpoint? _own;
    private string _logged = "";

    public EdgeNodes()
    {
        _self = OnlineIndex.NodeName(_cluster.SelfUniqueAddress);
        Receive<Announce>(a =>
        {
            _own = a.Edge;
            LogIfChanged();
            _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, string>.Empty, WriteLocal.Instance,
                d => d.SetItem(_cluster.SelfUniqueAddress, _self, a.Edge.ToString())));
        });
        Receive<Registry.ListNodes>(_ => Sender.Tell(new Registry.NodesNow(Current())));
        Receive<Changed>(c => c.Key.Equals(Key), c =>
        {
            _replica = c.Get(Key);
            LogIfChanged();
        });
        Receive<IUpdateResponse>(r => { if (!r.IsSuccessful) _log.Warning("edges: the node list was not updated: {0}", r); });
        Receive<ClusterEvent.MemberUp>(m =>
        {
            _upNodes.Add(OnlineIndex.NodeName(m.Member.UniqueAddress));
            LogIfChanged();
        });
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            var node = OnlineIndex.NodeName(m.Member.UniqueAddress);
            _upNodes.Remove(node);
            // Every survivor removes it (idempotent): the gone node cannot.
            if (_replica.ContainsKey(node))
                _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, string>.Empty, WriteLocal.Instance,
                    d => d.Remove(_cluster.SelfUniqueAddress, node)));
            LogIfChanged();
        });
        Receive<ClusterEvent.IMemberEvent>(m =>
        {
            // Leaving, exiting or downed: no longer a node to send peers to.
            if (m is ClusterEvent.MemberLeft or ClusterEvent.MemberExited or ClusterEvent.MemberDowned)
                _upNodes.Remove(OnlineIndex.NodeName(m.Member.UniqueAddress));
            LogIfChanged();
        });
    }

    /// <summary>What peers are told now, in the log whenever it changes (docs/operations.md).</summary>
    private void LogIfChanged()
    {
        if (_own is null) return;
        var nodes = Current();
        var text = string.Join(", ", nodes);
        if (text == _logged) return;
        _logged = text;
        _log.Info("directory nodes peers are told of: {0} ({1})", nodes.Length, text);
    }

    protected override void PreStart()
    {
        _replicator.Tell(Dsl.Subscribe(Key, Self));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>This node's edge first (known before its own write comes back), then the others that are Up, in a stable order.</summary>
    private ImmutableArray<PeerEndpoint> Current()
    {
        var others = _replica.Entries
            .Where(e => e.Key != _self && _upNodes.Contains(e.Key))
            .Select(e => PeerEndpoint.TryParse(e.Value, out var endpoint, out _) ? endpoint : null)
            .OfType<PeerEndpoint>()
            .Where(e => e != _own)
            .Distinct()
            .OrderBy(e => e.ToString(), StringComparer.Ordinal);
        return [.. (_own is null ? [] : new[] { _own }), .. others.Take(Messages.Directory.DirectoryNodes.MaxNodes - 1)];
    }
}
