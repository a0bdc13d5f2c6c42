using Akka.Cluster;
using Akka.DistributedData;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// Who is online cluster-wide, for `who`: Distributed Data, UID -> the node holding it, split over
/// <see cref="Keys"/> top-level LWWDictionary keys by a stable hash of the UID (one large map is a known
/// problem on Akka.NET: every change gossips the whole value). Each node writes only its own
/// registrations and reads its local replica, so `who` costs no round trip and stays answerable while
/// other nodes are slow; the price is staleness of about one gossip interval. The sharded entities,
/// not this index, decide who holds a UID. Entries of nodes that are not Up are not shown.
/// </summary>
public sealed class OnlineIndex
{
    private readonly LWWDictionary<string, string>[] _replicas;

    public OnlineIndex(int keys)
    {
        if (keys < 1) throw new ArgumentOutOfRangeException(nameof(keys), "at least one key");
        Keys = Enumerable.Range(0, keys).Select(n => new LWWDictionaryKey<string, string>($"directory-online-{n}")).ToArray();
        _replicas = Enumerable.Range(0, keys).Select(_ => LWWDictionary<string, string>.Empty).ToArray();
    }

    public IReadOnlyList<LWWDictionaryKey<string, string>> Keys { get; }

    /// <summary>How a node is named in the index: its address and incarnation, so a restarted node's old entries do not count.</summary>
    public static string NodeName(UniqueAddress node) => $"{node.Address}#{node.Uid}";

    public LWWDictionaryKey<string, string> KeyOf(Uid uid) => Keys[UidShards.Bucket(uid.Value, Keys.Count)];

    /// <summary>The latest local replica of one key (from Replicator.Changed).</summary>
    public void Replace(LWWDictionaryKey<string, string> key, LWWDictionary<string, string> replica)
    {
        for (var i = 0; i < Keys.Count; i++)
            if (Keys[i].Equals(key)) _replicas[i] = replica;
    }

    /// <summary>Every UID whose node is one of <paramref name="upNodes"/>, with <paramref name="local"/> (this node's own, never stale), sorted.</summary>
    public IEnumerable<Uid> Online(IReadOnlySet<string> upNodes, IEnumerable<Uid> local)
    {
        var all = new SortedSet<Uid>(local);
        foreach (var replica in _replicas)
            foreach (var (uid, node) in replica)
                if (upNodes.Contains(node) && Uid.TryParse(uid, out var parsed, out _)) all.Add(parsed);
        return all;
    }

    /// <summary>The node the index names for <paramref name="uid"/>, or null.</summary>
    public string? HolderOf(Uid uid)
    {
        var key = KeyOf(uid);
        for (var i = 0; i < Keys.Count; i++)
            if (Keys[i].Equals(key) && _replicas[i].TryGetValue(uid.Value, out var node)) return node;
        return null;
    }

    /// <summary>The UIDs a gone node left in the index, for the survivors to remove.</summary>
    public IEnumerable<Uid> LeftBy(string node)
    {
        foreach (var replica in _replicas)
            foreach (var (uid, holder) in replica)
                if (holder == node && Uid.TryParse(uid, out var parsed, out _)) yield return parsed;
    }

    /// <summary>The replicator's update that names <paramref name="holder"/> as where <paramref name="uid"/> is registered (written locally, gossiped).</summary>
    public Update Put(Uid uid, UniqueAddress self, string holder) =>
        Dsl.Update(KeyOf(uid), LWWDictionary<string, string>.Empty, WriteLocal.Instance, d => d.SetItem(self, uid.Value, holder));

    /// <summary>The update that removes <paramref name="uid"/> only while it still names <paramref name="holder"/>: a later holder elsewhere keeps it.</summary>
    public Update RemoveIfHeldBy(Uid uid, string holder, UniqueAddress self) =>
        Dsl.Update(KeyOf(uid), LWWDictionary<string, string>.Empty, WriteLocal.Instance,
            d => d.TryGetValue(uid.Value, out var current) && current == holder ? d.Remove(self, uid.Value) : d);
}
