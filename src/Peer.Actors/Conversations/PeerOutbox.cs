using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// Every chat message sent to one peer of a conversation and not yet acknowledged, in the order it
/// was sent, and the send window that paces them on the current link. The conversation owns one per
/// member and outlives any session and link; the session only seals what it is handed. Pure, so it
/// is tested without an ActorSystem.
/// <para>
/// The window counts the bytes of Chat frames handed to the link and not yet acked. Without it a
/// large outbox (or a fast typist) overflows the link's write queue, the link is dropped, and the
/// resend on the next link overflows it again. A new link starts with an empty window and every
/// held message queued again, oldest first, under its own id: the receiver shows each id once.
/// </para>
/// </summary>
public sealed class PeerOutbox
{
    /// Chat bytes in flight on one link: well under the link's 1 MiB write queue (LinkLimits.MaxQueuedBytes).
    public const int DefaultWindowBytes = 512 * 1024;

    // Insertion order is resend order.
    private readonly OrderedDictionary<MessageId, SendChat> _unacked = new();
    private readonly Dictionary<MessageId, int> _inFlight = new();
    private readonly Queue<MessageId> _toSend = new();
    private int _inFlightBytes;
    // One log line per episode of back-pressure, not one per message that waits.
    private bool _windowWasFull;

    /// Text bytes held for one member at most (PROTOCOL.md section 5), beside the count.
    public const int DefaultLimitBytes = 1024 * 1024;

    private readonly OutboxBudget? _budget;
    private long _heldBytes;

    /// <param name="budget">The node-wide cap this outbox shares with the node's others; null: none.</param>
    public PeerOutbox(int limit, int windowBytes = DefaultWindowBytes, int limitBytes = DefaultLimitBytes, OutboxBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitBytes);
        Limit = limit;
        WindowBytes = windowBytes;
        LimitBytes = limitBytes;
        _budget = budget;
    }

    public int Limit { get; }

    public int LimitBytes { get; }

    /// Text bytes held (what the byte cap counts).
    public long HeldBytes => _heldBytes;

    public int WindowBytes { get; }

    /// Messages held until acked, expired or given up.
    public int Count => _unacked.Count;

    public int InFlightBytes => _inFlightBytes;

    /// Held messages not on the current link (waiting for the window, or for a link).
    public int Waiting => _unacked.Count - _inFlight.Count;

    public IEnumerable<MessageId> Ids => _unacked.Keys;

    public bool Holds(MessageId id) => _unacked.ContainsKey(id);

    /// <summary>
    /// Takes <paramref name="chat"/> to send (queued for the current link, or the next one), or says
    /// why not: the outbox is at its limit (its text was checked where it was typed). A message
    /// already held is neither added again nor refused.
    /// </summary>
    public Admission Add(SendChat chat, out string? refusal)
    {
        refusal = null;
        if (_unacked.ContainsKey(chat.Id)) return Admission.AlreadyHeld;
        refusal = _unacked.Count >= Limit ? $"outbox full: {Limit} messages already wait for this member"
            : _heldBytes + chat.Text.Utf8Bytes > LimitBytes ? $"outbox full: {LimitBytes / 1024} KiB of text already waits for this member"
            : _budget?.TryReserve(chat.Text.Utf8Bytes) == false ? $"this node already holds as many waiting messages as it may ({_budget.MaxMessages} messages, {_budget.MaxBytes / (1024 * 1024)} MiB)"
            : null;
        if (refusal is not null) return Admission.Refused;
        _heldBytes += chat.Text.Utf8Bytes;
        _unacked.Add(chat.Id, chat);
        _toSend.Enqueue(chat.Id);
        return Admission.Added;
    }

    /// <summary>Acked or expired: no longer ours to send. False for an id not held (unknown, or already removed).</summary>
    public bool Remove(MessageId id)
    {
        if (!_unacked.Remove(id, out var chat)) return false;
        Released(chat);
        if (_inFlight.Remove(id, out var size)) _inFlightBytes -= size;
        return true;
    }

    /// A new link: nothing of the old one is in flight; everything held goes out again, oldest first.
    public void StartLink()
    {
        EndLink();
        foreach (var id in _unacked.Keys) _toSend.Enqueue(id);
    }

    /// The link is gone: nothing is in flight any more; every message stays held for the next link.
    public void EndLink()
    {
        _inFlight.Clear();
        _toSend.Clear();
        _inFlightBytes = 0;
        _windowWasFull = false;
    }

    /// <summary>
    /// Hands <paramref name="send"/> as many queued messages as the window has room for, oldest first;
    /// <paramref name="send"/> seals one onto the link and returns its frame's size. True when this call
    /// found the window full after it last had room (the start of a back-pressure episode).
    /// </summary>
    public bool Pump(Func<SendChat, int> send) => Pump(send, static (send, chat) => send(chat));

    /// As above, with the sender's state passed along, so that a static lambda allocates nothing per message.
    public bool Pump<TState>(TState state, Func<TState, SendChat, int> send)
    {
        while (_toSend.Count > 0 && _inFlightBytes < WindowBytes)
        {
            var id = _toSend.Dequeue();
            if (!_unacked.TryGetValue(id, out var chat) || _inFlight.ContainsKey(id)) continue;
            var size = send(state, chat);
            _inFlight[id] = size;
            _inFlightBytes += size;
        }
        if (_toSend.Count == 0)
        {
            _windowWasFull = false;
            return false;
        }
        var started = !_windowWasFull;
        _windowWasFull = true;
        return started;
    }

    /// Removes and returns every held message, oldest first (the session ends, or no link came in time).
    public IReadOnlyList<SendChat> TakeAll()
    {
        var all = _unacked.Values.ToList();
        _unacked.Clear();
        foreach (var chat in all) Released(chat);
        EndLink();
        return all;
    }

    private void Released(SendChat chat)
    {
        _heldBytes -= chat.Text.Utf8Bytes;
        _budget?.Release(chat.Text.Utf8Bytes);
    }
}

/// What <see cref="PeerOutbox.Add"/> did with a message.
public enum Admission
{
    Added,
    AlreadyHeld,
    Refused,
}
