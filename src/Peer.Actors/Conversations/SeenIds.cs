using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// The ids of the last <c>capacity</c> messages received, so a message resent after a lost Ack is
/// shown once. The oldest id is forgotten first: bounded memory against a peer that never stops.
/// </summary>
public sealed class SeenIds
{
    private readonly HashSet<MessageId> _seen = new();
    private readonly Queue<MessageId> _order = new();
    private readonly int _capacity;

    public SeenIds(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// True the first time <paramref name="id"/> is seen (within the window), false for a repeat.
    public bool FirstSighting(MessageId id)
    {
        if (!_seen.Add(id)) return false;
        _order.Enqueue(id);
        if (_order.Count > _capacity) _seen.Remove(_order.Dequeue());
        return true;
    }
}
