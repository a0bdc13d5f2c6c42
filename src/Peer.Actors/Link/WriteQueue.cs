namespace Encryptio.Peer.Link;

/// <summary>
/// The frames a link has yet to write, bounded in bytes, handed out as coalesced writes: with one
/// write in flight, whatever is queued meanwhile goes out together in the next one. Pure, so the
/// bound and the coalescing are tested without a socket. It knows whether a write is in flight
/// (<see cref="TryStartWrite"/> .. <see cref="WriteDone"/>), so its link keeps no flag for it.
/// </summary>
public sealed class WriteQueue
{
    private readonly Queue<byte[]> _frames = new();
    private bool _inFlight;

    public WriteQueue(int maxQueuedBytes, int maxWriteBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxQueuedBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWriteBytes);
        MaxQueuedBytes = maxQueuedBytes;
        MaxWriteBytes = maxWriteBytes;
    }

    public int MaxQueuedBytes { get; }

    /// The most one coalesced write holds, unless a single frame is larger (it always goes whole).
    public int MaxWriteBytes { get; }

    public int QueuedBytes { get; private set; }

    public bool IsEmpty => _frames.Count == 0;

    /// Nothing in flight and nothing queued: everything handed to it has been written.
    public bool IsIdle => !_inFlight && IsEmpty;

    /// The next write, unless one is in flight or nothing is queued; it is in flight until <see cref="WriteDone"/>.
    public bool TryStartWrite(out byte[] write)
    {
        write = [];
        if (_inFlight || IsEmpty) return false;
        write = TakeWrite();
        _inFlight = true;
        return true;
    }

    /// The write in flight was acknowledged.
    public void WriteDone() => _inFlight = false;

    /// False, and nothing queued, when the frame would take the queue over its bound.
    public bool TryEnqueue(byte[] frame)
    {
        if (QueuedBytes + frame.Length > MaxQueuedBytes) return false;
        _frames.Enqueue(frame);
        QueuedBytes += frame.Length;
        return true;
    }

    /// The next write: the oldest frames, whole and in order, up to <see cref="MaxWriteBytes"/> (at least one frame).
    public byte[] TakeWrite()
    {
        if (_frames.Count == 0) throw new InvalidOperationException("nothing to write");
        var size = 0;
        var parts = new List<byte[]>();
        while (_frames.Count > 0 && (parts.Count == 0 || size + _frames.Peek().Length <= MaxWriteBytes))
        {
            var next = _frames.Dequeue();
            parts.Add(next);
            size += next.Length;
        }
        QueuedBytes -= size;
        var buffer = new byte[size];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(buffer, at);
            at += part.Length;
        }
        return buffer;
    }
}
