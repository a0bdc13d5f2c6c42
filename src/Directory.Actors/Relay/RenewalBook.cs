using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Relay;

/// <summary>What one member's request for a fresh relay token came to (see <see cref="RenewalBook{TLink}.Want"/>).</summary>
public abstract record RenewalOutcome<TLink>
{
    /// Held until the other member asks for the same pair in the same conversation, or the window ends.
    public sealed record Waiting : RenewalOutcome<TLink>;

    /// The other member had asked: issue one token to both (<paramref name="PeerLink"/> is the one that asked first).
    public sealed record Matched(TLink PeerLink) : RenewalOutcome<TLink>;

    public sealed record Refused(string Reason) : RenewalOutcome<TLink>;
}

/// <summary>
/// Fresh relay tokens for pairs whose relayed link was lost (tokens are single use). The directory
/// may have restarted since it introduced the pair, or the pair may have been introduced by another
/// node, so it cannot rely on remembering its introductions: a token is issued only when **both**
/// members ask for each other in the same conversation within <c>window</c>. Each UID asks only for
/// itself (the directory takes it from the registered link), so no UID can obtain a token for a pair
/// it is not part of, and a UID alone cannot make one for a pair the other member did not want.
/// Pure, so every rule is a unit test.
/// </summary>
public sealed class RenewalBook<TLink> where TLink : class
{
    private sealed record Ask(TLink Link, DateTimeOffset Expires);

    private readonly Dictionary<(ConversationId Conversation, Uid By, Uid Peer), Ask> _asks = new();
    private readonly Dictionary<Uid, int> _byUid = new();
    private readonly TimeSpan _window;
    private readonly int _maxPerUid;
    private readonly int _maxAsks;

    public RenewalBook(TimeSpan window, int maxPerUid = 64, int maxAsks = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerUid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAsks);
        _window = window;
        _maxPerUid = maxPerUid;
        _maxAsks = maxAsks;
    }

    public int Waiting => _asks.Count;

    /// <summary><paramref name="by"/> (from its registered link) asks for a fresh token with <paramref name="peer"/>.</summary>
    public RenewalOutcome<TLink> Want(ConversationId conversation, Uid by, Uid peer, TLink link, DateTimeOffset now)
    {
        if (by == peer) return new RenewalOutcome<TLink>.Refused("a relayed pair is two different users");
        if (_asks.Remove((conversation, peer, by), out var theirs))
        {
            Release(peer);
            if (theirs.Expires > now)
            {
                // A repeated ask of ours is spent with the match, too.
                if (_asks.Remove((conversation, by, peer))) Release(by);
                return new RenewalOutcome<TLink>.Matched(theirs.Link);
            }
        }
        var key = (conversation, by, peer);
        if (_asks.ContainsKey(key))
        {
            // Asked again (a timer, a new registration): the newest link and a new window.
            _asks[key] = new Ask(link, now + _window);
            return new RenewalOutcome<TLink>.Waiting();
        }
        if (_byUid.GetValueOrDefault(by) >= _maxPerUid)
            return new RenewalOutcome<TLink>.Refused($"{by} already waits for {_maxPerUid} fresh relay tokens the other members have not asked for");
        if (_asks.Count >= _maxAsks) return new RenewalOutcome<TLink>.Refused("too many fresh relay tokens are waiting on this node");
        _asks[key] = new Ask(link, now + _window);
        _byUid[by] = _byUid.GetValueOrDefault(by) + 1;
        return new RenewalOutcome<TLink>.Waiting();
    }

    /// <summary>Forgets asks whose window ended; returns how many.</summary>
    public int Expire(DateTimeOffset now)
    {
        var gone = _asks.Where(a => a.Value.Expires <= now).Select(a => a.Key).ToList();
        foreach (var key in gone)
        {
            _asks.Remove(key);
            Release(key.By);
        }
        return gone.Count;
    }

    private void Release(Uid uid)
    {
        var left = _byUid.GetValueOrDefault(uid) - 1;
        if (left > 0) _byUid[uid] = left;
        else _byUid.Remove(uid);
    }
}
