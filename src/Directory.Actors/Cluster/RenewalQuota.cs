using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// The asking node's cap on fresh relay requests on a cluster, where each pair's requests wait at
/// their own sharded entity (so no one book sees all of a UID's): per UID at most <c>maxPerUid</c>
/// distinct (conversation, peer) requests within the window, per node at most <c>maxAsks</c>. A
/// request repeated for the same pair only renews its window. Matched requests are not released
/// early (the asking node does not see the match); they leave with their window. Pure, unit-tested.
/// </summary>
public sealed class RenewalQuota(TimeSpan window, int maxPerUid = 64, int maxAsks = 100_000)
{
    private readonly Dictionary<Uid, Dictionary<(ConversationId, Uid), DateTimeOffset>> _asks = new();
    private int _count;

    /// <summary>Null when <paramref name="by"/> may ask; else why not, in one line.</summary>
    public string? TryAsk(Uid by, ConversationId conversation, Uid peer, DateTimeOffset now)
    {
        if (!_asks.TryGetValue(by, out var mine)) _asks[by] = mine = new();
        foreach (var gone in mine.Where(a => a.Value <= now).Select(a => a.Key).ToList())
        {
            mine.Remove(gone);
            _count--;
        }
        if (mine.ContainsKey((conversation, peer)))
        {
            mine[(conversation, peer)] = now + window;
            return null;
        }
        if (mine.Count >= maxPerUid) return $"{by} already waits for {maxPerUid} fresh relay tokens the other members have not asked for";
        if (_count >= maxAsks) return "too many fresh relay tokens are waiting on this node";
        mine[(conversation, peer)] = now + window;
        _count++;
        return null;
    }

    /// <summary>Forgets requests whose window ended (and UIDs with none left).</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (uid, mine) in _asks.ToList())
        {
            foreach (var gone in mine.Where(a => a.Value <= now).Select(a => a.Key).ToList())
            {
                mine.Remove(gone);
                _count--;
            }
            if (mine.Count == 0) _asks.Remove(uid);
        }
    }

    public int Waiting => _count;
}
