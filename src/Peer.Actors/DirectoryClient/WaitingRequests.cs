namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// Which directory requests are waiting (stashed) for the client to be registered again, so that
/// each one is carried out once or answered once, never both and never neither. Requests are known
/// by their id, which grows with each one the node sends: an id at or below the newest seen that is
/// no longer waiting was already answered (it came back from the stash after its deadline).
/// </summary>
public sealed class WaitingRequests(int capacity)
{
    private readonly HashSet<long> _waiting = [];
    private long _newest = long.MinValue;

    public enum Verdict
    {
        /// <summary>New: it waits from now (its deadline starts).</summary>
        Waits,
        /// <summary>Back from the stash, still within its deadline: it waits on.</summary>
        StillWaits,
        /// <summary>New, but <c>capacity</c> requests are waiting already: refused at once.</summary>
        Full,
        /// <summary>Already answered (its deadline passed): dropped without a word.</summary>
        Answered,
    }

    public int Count => _waiting.Count;

    /// <summary>A request arrives while the client cannot send it.</summary>
    public Verdict Hold(long id)
    {
        if (_waiting.Contains(id)) return Verdict.StillWaits;
        if (id <= _newest) return Verdict.Answered;
        _newest = id;
        if (_waiting.Count >= capacity) return Verdict.Full;
        _waiting.Add(id);
        return Verdict.Waits;
    }

    /// <summary>A request arrives when it can be sent (or refused for good): true unless it was already answered.</summary>
    public bool Release(long id)
    {
        if (_waiting.Remove(id)) return true;
        if (id <= _newest) return false;
        _newest = id;
        return true;
    }

    /// <summary>Its deadline passed: true if it was still waiting, and so must be answered now.</summary>
    public bool Expire(long id) => _waiting.Remove(id);
}
