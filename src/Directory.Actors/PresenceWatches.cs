using Akka.Actor;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// Which PeerLinks wait to hear that a UID registered again (<see cref="Registry.WatchOnline"/>): each
/// is told once, then forgotten. Bounded per link and in all, so watching costs a peer its own
/// places only. Pure: shared by the single-node and the clustered registry.
/// </summary>
public sealed class PresenceWatches(int perLink = PresenceWatches.DefaultPerLink, int total = PresenceWatches.DefaultTotal)
{
    public const int DefaultPerLink = 256;
    public const int DefaultTotal = 100_000;

    private readonly Dictionary<Uid, HashSet<IActorRef>> _watchers = new();
    private readonly Dictionary<IActorRef, HashSet<Uid>> _watched = new();
    private int _count;

    public int Count => _count;

    /// <summary>False when the link (or the directory) watches as many UIDs as it may.</summary>
    public bool TryWatch(Uid uid, IActorRef link)
    {
        if (_watched.TryGetValue(link, out var mine) && mine.Contains(uid)) return true;
        if ((mine?.Count ?? 0) >= perLink || _count >= total) return false;
        if (mine is null) _watched[link] = mine = [];
        mine.Add(uid);
        if (!_watchers.TryGetValue(uid, out var links)) _watchers[uid] = links = [];
        links.Add(link);
        _count++;
        return true;
    }

    /// <summary><paramref name="uid"/> registered: every link that watched it, each once (their watches end).</summary>
    public IReadOnlyCollection<IActorRef> Registered(Uid uid)
    {
        if (!_watchers.Remove(uid, out var links)) return [];
        foreach (var link in links) Unwatch(link, uid);
        return links;
    }

    /// <summary>The link is gone: its watches go with it.</summary>
    public void Forget(IActorRef link)
    {
        if (!_watched.Remove(link, out var uids)) return;
        foreach (var uid in uids)
        {
            _count--;
            if (_watchers.TryGetValue(uid, out var links) && links.Remove(link) && links.Count == 0) _watchers.Remove(uid);
        }
    }

    private void Unwatch(IActorRef link, Uid uid)
    {
        _count--;
        if (_watched.TryGetValue(link, out var uids) && uids.Remove(uid) && uids.Count == 0) _watched.Remove(link);
    }
}
