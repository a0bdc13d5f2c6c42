using System.Collections.Immutable;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// What this node knows of one conversation: its members, which peers have a session, the
/// unexpired history, and, per peer, the messages sent but not yet acknowledged, so that a
/// session that dies can still be reported message by message (never a silent loss). Once nobody
/// else is left it has ended: it keeps its history until that expires, but takes no more messages.
/// </summary>
public sealed class Conversation(ConversationId id, ImmutableArray<Uid> members)
{
    public const int MaxHistory = 10_000;

    private readonly Dictionary<MessageId, ConversationMessage> _history = new();
    private readonly Dictionary<Uid, HashSet<MessageId>> _unacked = new();

    public ConversationId Id { get; } = id;
    public ImmutableArray<Uid> Members { get; } = members;
    public IReadOnlyCollection<Uid> Peers => _unacked.Keys;

    /// <summary>Why nobody else is left, as the user was told; null while the conversation is open.</summary>
    public string? EndedBecause { get; private set; }

    public bool HasEnded => EndedBecause is not null;

    public void End(string reason) => EndedBecause = reason;

    /// <summary>A member the user agreed to has a session now. An ended conversation takes nobody again.</summary>
    public void AddPeer(Uid peer)
    {
        if (HasEnded) throw new InvalidOperationException($"conversation {Id} has ended");
        _unacked.TryAdd(peer, []);
    }

    public bool HasPeer(Uid peer) => _unacked.ContainsKey(peer);

    /// <summary>Forgets a peer (left, or its session stopped) and returns what it never acknowledged.</summary>
    public IReadOnlyCollection<MessageId> RemovePeer(Uid peer) =>
        _unacked.Remove(peer, out var pending) ? pending : [];

    public void Record(ConversationMessage message)
    {
        if (_history.Count >= MaxHistory)
            _history.Remove(_history.Values.MinBy(m => m.ExpiresAt)!.Id);
        _history[message.Id] = message;
    }

    public void AwaitAck(Uid peer, MessageId id)
    {
        if (_unacked.TryGetValue(peer, out var pending)) pending.Add(id);
    }

    /// <summary>True when this settles a message that was waiting for this peer.</summary>
    public bool Settle(Uid peer, MessageId id) => _unacked.TryGetValue(peer, out var pending) && pending.Remove(id);

    public bool Expire(MessageId id) => _history.Remove(id);

    public IEnumerable<ConversationMessage> History(DateTimeOffset now) =>
        _history.Values.Where(m => m.ExpiresAt > now).OrderBy(m => m.SentAt);

    public void EraseHistory() => _history.Clear();
}
