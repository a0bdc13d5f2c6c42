namespace Encryptio.Peer.Conversations;

/// <summary>
/// What every outbox of one node may hold together, messages and bytes of text: the node-wide cap
/// under the per-member one, so many conversations with absent members cannot fill the sender's
/// memory. Shared by the node's conversations (each reserves in its own turn), hence thread-safe.
/// </summary>
public sealed class OutboxBudget(int maxMessages, long maxBytes)
{
    public const int DefaultMaxMessages = 20_000;
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    private int _messages;
    private long _bytes;

    public int MaxMessages { get; } = maxMessages > 0 ? maxMessages : throw new ArgumentOutOfRangeException(nameof(maxMessages));

    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes));

    public int Messages => Volatile.Read(ref _messages);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Takes room for one message of <paramref name="bytes"/>; false (and nothing taken) when the node is at its cap.</summary>
    public bool TryReserve(int bytes)
    {
        if (Interlocked.Increment(ref _messages) > MaxMessages)
        {
            Interlocked.Decrement(ref _messages);
            return false;
        }
        if (Interlocked.Add(ref _bytes, bytes) > MaxBytes)
        {
            Interlocked.Add(ref _bytes, -bytes);
            Interlocked.Decrement(ref _messages);
            return false;
        }
        return true;
    }

    public void Release(int bytes)
    {
        Interlocked.Decrement(ref _messages);
        Interlocked.Add(ref _bytes, -bytes);
    }
}
