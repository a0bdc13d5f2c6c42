using System.Collections.Immutable;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// What this node knows of one conversation: its members, which peers have a session, and the
/// unexpired history (what it sent and has not had acknowledged is in its <see cref="Outboxes"/>).
/// Once nobody else is left it has ended: it keeps its history until that expires, but takes no
/// more messages.
/// </summary>
public sealed class Conversation(ConversationId id, ImmutableArray<Uid> members)
{
    public const int MaxHistory = 10_000;

    private readonly Dictionary<MessageId, ConversationMessage> _history = new();
    // Every recorded message by when it expires, so one sweep finds what is due; evicted ones are skipped.
    private readonly PriorityQueue<MessageId, DateTimeOffset> _expiries = new();
    private readonly HashSet<Uid> _peers = new();

    public ConversationId Id { get; } = id;
    public ImmutableArray<Uid> Members { get; } = members;
    public IReadOnlyCollection<Uid> Peers => _peers;

    /// <summary>Why nobody else is left, as the user was told; null while the conversation is open.</summary>
    public string? EndedBecause { get; private set; }

    public bool HasEnded => EndedBecause is not null;

    public void End(string reason) => EndedBecause = reason;

    /// <summary>A member the user agreed to has a session now. An ended conversation takes nobody again.</summary>
    public void AddPeer(Uid peer)
    {
        if (HasEnded) throw new InvalidOperationException($"conversation {Id} has ended");
        _peers.Add(peer);
    }

    /// <summary>Forgets a peer (left, or its session stopped).</summary>
    public void RemovePeer(Uid peer) => _peers.Remove(peer);

    public void Record(ConversationMessage message)
    {
        // Full: the message that expires first goes (found through the expiry queue, not a scan).
        while (_history.Count >= MaxHistory && _expiries.TryDequeue(out var oldest, out var at))
            if (_history.TryGetValue(oldest, out var held) && held.ExpiresAt == at) _history.Remove(oldest);
        _history[message.Id] = message;
        _expiries.Enqueue(message.Id, message.ExpiresAt);
    }

    /// <summary>When the next recorded message expires; null when none is left.</summary>
    public DateTimeOffset? NextExpiry
    {
        get
        {
            while (_expiries.TryPeek(out var id, out var at))
            {
                if (_history.TryGetValue(id, out var message) && message.ExpiresAt == at) return at;
                _expiries.Dequeue();
            }
            return null;
        }
    }

    /// <summary>Forgets every message that expires at or before <paramref name="due"/>, and returns their ids.</summary>
    public IReadOnlyList<MessageId> ExpireUpTo(DateTimeOffset due)
    {
        var expired = new List<MessageId>();
        while (_expiries.TryPeek(out var id, out var at) && at <= due)
        {
            _expiries.Dequeue();
            if (_history.TryGetValue(id, out var message) && message.ExpiresAt == at && _history.Remove(id)) expired.Add(id);
        }
        return expired;
    }

    public IEnumerable<ConversationMessage> History(DateTimeOffset now) =>
        _history.Values.Where(m => m.ExpiresAt > now).OrderBy(m => m.SentAt);
}
