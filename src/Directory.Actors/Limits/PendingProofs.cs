namespace Encryptio.Directory.Limits;

/// <summary>
/// Registrations waiting for their proof, and who gives up a place when there are too many.
/// A newcomer is never refused for lack of room: someone else's place is taken instead, chosen so
/// that a flood only ever evicts itself.
/// <list type="bullet">
/// <item>Per <c>key</c> (a peer system and the UID it claims): at most <c>maxPerKey</c>; the key's
/// own oldest gives way, so a peer re-registering is never blocked by its own stale attempts.</item>
/// <item>In all: at most <c>maxTotal</c>; the oldest of the <c>group</c> holding most gives way. The
/// directory groups by the peer system the Register came from, and drops a Register whose sender
/// address no peer system is associated from (see <c>PeerLinks</c>), so a group costs a TLS connection.</item>
/// </list>
/// Nothing a Register claims (UID, certificate) decides its group: those are public and anyone can
/// send them. Pure logic: the caller stops whatever is evicted.
/// </summary>
public sealed class PendingProofs<TLink, TGroup, TKey>(int maxPerKey, int maxTotal)
    where TLink : notnull where TGroup : notnull where TKey : notnull
{
    private sealed record Entry(TLink Link, TGroup Group, TKey Key)
    {
        public LinkedListNode<TLink>? InAll { get; set; }
        public LinkedListNode<TLink>? InGroup { get; set; }
        public LinkedListNode<TLink>? InKey { get; set; }
    }

    private readonly Dictionary<TLink, Entry> _entries = new();
    // Oldest first, for the whole table, each group and each key.
    private readonly LinkedList<TLink> _all = new();
    private readonly Dictionary<TGroup, LinkedList<TLink>> _groups = new();
    private readonly Dictionary<TKey, LinkedList<TLink>> _keys = new();

    public int Count => _entries.Count;

    public int CountOf(TGroup group) => _groups.TryGetValue(group, out var links) ? links.Count : 0;

    public bool Contains(TLink link) => _entries.ContainsKey(link);

    /// <summary>Admits <paramref name="link"/>; returns the links that must give up their place (never the newcomer).</summary>
    public IReadOnlyList<TLink> Admit(TLink link, TGroup group, TKey key)
    {
        if (_entries.ContainsKey(link)) throw new InvalidOperationException("this link is already waiting");
        var evicted = new List<TLink>();
        if (_keys.TryGetValue(key, out var sameKey))
            while (sameKey.Count >= maxPerKey) evicted.Add(Evict(sameKey.First!.Value));
        while (_entries.Count >= maxTotal) evicted.Add(Evict(VictimFor(group)));
        Add(new Entry(link, group, key));
        return evicted;
    }

    /// <summary>The link proved itself, stopped or expired: it no longer waits. False when it was not waiting.</summary>
    public bool Remove(TLink link)
    {
        if (!_entries.Remove(link, out var entry)) return false;
        _all.Remove(entry.InAll!);
        RemoveFrom(_groups, entry.Group, entry.InGroup!);
        RemoveFrom(_keys, entry.Key, entry.InKey!);
        return true;
    }

    /// <summary>
    /// The largest group gives way, the newcomer counted in its own group. On a tie the newcomer's
    /// group gives way (a flooder cannot push out an equal); when every group holds one, the oldest
    /// place overall goes: it had the longest time to answer.
    /// </summary>
    private TLink VictimFor(TGroup newcomer)
    {
        var own = CountOf(newcomer) + 1;
        var (largest, size) = (newcomer, own);
        foreach (var (group, links) in _groups)
            if (links.Count > size) (largest, size) = (group, links.Count);
        // Every group holds one (the newcomer's too): nobody floods more than another.
        if (size == 1) return _all.First!.Value;
        // The newcomer's own group when it is (one of) the largest: it already holds a place to give.
        return _groups[largest].First!.Value;
    }

    private TLink Evict(TLink link)
    {
        Remove(link);
        return link;
    }

    private void Add(Entry entry)
    {
        _entries[entry.Link] = entry;
        entry.InAll = _all.AddLast(entry.Link);
        entry.InGroup = AddTo(_groups, entry.Group, entry.Link);
        entry.InKey = AddTo(_keys, entry.Key, entry.Link);
    }

    private static LinkedListNode<TLink> AddTo<T>(Dictionary<T, LinkedList<TLink>> lists, T at, TLink link) where T : notnull
    {
        if (!lists.TryGetValue(at, out var list)) lists[at] = list = new LinkedList<TLink>();
        return list.AddLast(link);
    }

    private static void RemoveFrom<T>(Dictionary<T, LinkedList<TLink>> lists, T at, LinkedListNode<TLink> node) where T : notnull
    {
        var list = lists[at];
        list.Remove(node);
        if (list.Count == 0) lists.Remove(at);
    }
}
