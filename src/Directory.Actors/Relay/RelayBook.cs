using System.Security.Cryptography;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

/// <summary>What a claim of a token came to (see <see cref="RelayBook{TConnection}.Claim"/>).</summary>
public abstract record ClaimOutcome<TConnection>
{
    /// The first end: it waits for the other member (at most until the token expires).
    public sealed record Waiting : ClaimOutcome<TConnection>;

    /// The second end: splice it with <paramref name="Partner"/>, the end that waited (of UID <paramref name="PartnerUid"/>).
    public sealed record Paired(TConnection Partner, Uid PartnerUid) : ClaimOutcome<TConnection>;

    public sealed record Refused(RelayRefusal Code, string Text) : ClaimOutcome<TConnection>;
}

/// <summary>
/// The relay's bookkeeping, pure so every rule is a unit test: tokens issued for two UIDs, single
/// use, claimed before they expire; a per-UID cap and a node-wide cap on pairs (a waiting end holds
/// its UID's place and the node's, so a flood of waiting ends is capped like spliced pairs).
/// Tokens are held by their SHA-256, so looking one up reveals nothing through timing.
/// </summary>
public sealed class RelayBook<TConnection> where TConnection : class
{
    private sealed class Ticket(Uid a, Uid b, DateTimeOffset expires)
    {
        public Uid A { get; } = a;
        public Uid B { get; } = b;
        public DateTimeOffset Expires { get; } = expires;
        public TConnection? Waiting { get; set; }
        public Uid? WaitingUid { get; set; }
    }

    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<Uid, int> _placesByUid = new();
    private readonly int _maxPairsPerUid;
    private readonly int _maxPairs;
    private readonly int _maxTokens;

    /// <param name="maxTokens">Unclaimed tokens kept at most (the oldest go first); the directory issues them, not strangers.</param>
    public RelayBook(int maxPairsPerUid, int maxPairs, int maxTokens = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPairsPerUid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        _maxPairsPerUid = maxPairsPerUid;
        _maxPairs = maxPairs;
        _maxTokens = maxTokens;
    }

    /// Pairs spliced plus ends waiting: what the node-wide cap counts.
    public int Places { get; private set; }

    public int Tokens => _tickets.Count;

    public int PlacesOf(Uid uid) => _placesByUid.GetValueOrDefault(uid);

    public void Issue(ReadOnlySpan<byte> token, Uid a, Uid b, DateTimeOffset expires)
    {
        if (token.Length != RelayPreface.TokenSize) throw new ArgumentException($"a relay token is {RelayPreface.TokenSize} bytes", nameof(token));
        if (a == b) throw new ArgumentException("a token joins two different users");
        if (_tickets.Count >= _maxTokens)
        {
            var oldest = _tickets.Where(t => t.Value.Waiting is null).MinBy(t => t.Value.Expires);
            if (oldest.Key is not null) _tickets.Remove(oldest.Key);
        }
        _tickets[KeyOf(token)] = new Ticket(a, b, expires);
    }

    /// <summary>
    /// <paramref name="uid"/> (from its TLS certificate) presents <paramref name="token"/> on <paramref name="connection"/>.
    /// </summary>
    public ClaimOutcome<TConnection> Claim(ReadOnlySpan<byte> token, Uid uid, TConnection connection, DateTimeOffset now)
    {
        var key = KeyOf(token);
        if (!_tickets.TryGetValue(key, out var ticket) || ticket.Expires <= now)
            return new ClaimOutcome<TConnection>.Refused(RelayRefusal.TokenUnknown, "no such relay token (never issued, expired or used)");
        if (uid != ticket.A && uid != ticket.B)
            return new ClaimOutcome<TConnection>.Refused(RelayRefusal.TokenNotYours, $"this relay token was not issued for {uid}");
        if (ticket.WaitingUid == uid)
            return new ClaimOutcome<TConnection>.Refused(RelayRefusal.TokenNotYours, $"{uid} already presented this relay token");
        if (PlacesOf(uid) >= _maxPairsPerUid)
            return new ClaimOutcome<TConnection>.Refused(RelayRefusal.UidLimit, $"{uid} already has {_maxPairsPerUid} relayed pairs, the most one user may have");
        if (ticket.Waiting is null)
        {
            if (Places >= _maxPairs)
                return new ClaimOutcome<TConnection>.Refused(RelayRefusal.NodeLimit, $"the relay carries {_maxPairs} pairs, its limit");
            ticket.Waiting = connection;
            ticket.WaitingUid = uid;
            Take(uid);
            Places++;
            return new ClaimOutcome<TConnection>.Waiting();
        }
        // Single use: the pair is spliced, the token is forgotten.
        _tickets.Remove(key);
        Take(uid);
        return new ClaimOutcome<TConnection>.Paired(ticket.Waiting, ticket.WaitingUid!);
    }

    /// <summary>Forgets expired tokens; returns the ends that waited on them (to be refused with partner-timeout).</summary>
    public IReadOnlyList<TConnection> Expire(DateTimeOffset now)
    {
        List<TConnection>? waiting = null;
        foreach (var (key, ticket) in _tickets.Where(t => t.Value.Expires <= now).ToList())
        {
            _tickets.Remove(key);
            if (ticket.Waiting is null) continue;
            (waiting ??= new()).Add(ticket.Waiting);
            Release(ticket.WaitingUid!);
            Places--;
        }
        return (IReadOnlyList<TConnection>?)waiting ?? [];
    }

    /// <summary>A waiting end went away before its partner came: its places are freed, and the token may be presented again.</summary>
    public bool Abandon(TConnection connection)
    {
        var ticket = _tickets.Values.FirstOrDefault(t => ReferenceEquals(t.Waiting, connection));
        if (ticket is null) return false;
        Release(ticket.WaitingUid!);
        Places--;
        ticket.Waiting = null;
        ticket.WaitingUid = null;
        return true;
    }

    /// <summary>A spliced pair ended: both UIDs' places and the node's are freed.</summary>
    public void PairEnded(Uid a, Uid b)
    {
        Release(a);
        Release(b);
        Places--;
    }

    private void Take(Uid uid) => _placesByUid[uid] = PlacesOf(uid) + 1;

    private void Release(Uid uid)
    {
        var left = PlacesOf(uid) - 1;
        if (left <= 0) _placesByUid.Remove(uid);
        else _placesByUid[uid] = left;
    }

    private static string KeyOf(ReadOnlySpan<byte> token) => Convert.ToHexString(SHA256.HashData(token));
}
