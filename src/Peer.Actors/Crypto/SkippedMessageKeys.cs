using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// Message keys of frames not yet received, indexed by (sender ratchet key, n). Bounded per chain and
/// in total; when a bound is hit the oldest stored key (of that chain, or overall) is zeroed and dropped.
/// Every operation is O(1): entries sit in an overall insertion list and in their chain's list.
internal sealed class SkippedMessageKeys : IDisposable
{
    private readonly Dictionary<byte[], Chain> _chains = new(PublicKeyComparer.Instance);
    private readonly LinkedList<Entry> _oldestFirst = new();

    public int Count => _oldestFirst.Count;

    public bool TryGet(ReadOnlySpan<byte> dhPublic, uint n, out byte[] messageKey)
    {
        messageKey = [];
        if (!TryFind(dhPublic, n, out var entry)) return false;
        messageKey = entry.MessageKey;
        return true;
    }

    /// Zeroes and forgets one key: it has been used.
    public void Remove(ReadOnlySpan<byte> dhPublic, uint n)
    {
        if (TryFind(dhPublic, n, out var entry)) Drop(entry);
    }

    /// Stores a key; takes ownership of the array. <paramref name="dhPublic"/> is kept by reference.
    public void Add(byte[] dhPublic, uint n, byte[] messageKey)
    {
        if (!_chains.TryGetValue(dhPublic, out var chain))
        {
            chain = new Chain(dhPublic);
            _chains.Add(dhPublic, chain);
        }
        if (chain.ByNumber.TryGetValue(n, out var existing)) Drop(existing);
        if (chain.ByNumber.Count >= RatchetLimits.MaxSkipPerChain) Drop(chain.OldestFirst.First!.Value);
        if (Count >= RatchetLimits.MaxSkippedKeys) Drop(_oldestFirst.First!.Value);
        // Dropping may have removed the chain itself.
        if (!_chains.ContainsKey(dhPublic)) _chains.Add(dhPublic, chain);

        var entry = new Entry(chain, n, messageKey);
        entry.OverallNode = _oldestFirst.AddLast(entry);
        entry.ChainNode = chain.OldestFirst.AddLast(entry);
        chain.ByNumber.Add(n, entry);
    }

    /// Every stored entry, oldest first: for state fingerprints in tests.
    internal IEnumerable<(byte[] DhPublic, uint N, byte[] MessageKey)> Entries() =>
        _oldestFirst.Select(e => (e.Chain.DhPublic, e.N, e.MessageKey));

    public void Dispose()
    {
        foreach (var entry in _oldestFirst) CryptographicOperations.ZeroMemory(entry.MessageKey);
        _oldestFirst.Clear();
        _chains.Clear();
    }

    private bool TryFind(ReadOnlySpan<byte> dhPublic, uint n, out Entry entry)
    {
        entry = null!;
        var lookup = _chains.GetAlternateLookup<ReadOnlySpan<byte>>();
        return lookup.TryGetValue(dhPublic, out var chain) && chain.ByNumber.TryGetValue(n, out entry!);
    }

    private void Drop(Entry entry)
    {
        CryptographicOperations.ZeroMemory(entry.MessageKey);
        _oldestFirst.Remove(entry.OverallNode!);
        entry.Chain.OldestFirst.Remove(entry.ChainNode!);
        entry.Chain.ByNumber.Remove(entry.N);
        if (entry.Chain.ByNumber.Count == 0) _chains.Remove(entry.Chain.DhPublic);
    }

    private sealed class Chain(byte[] dhPublic)
    {
        public byte[] DhPublic { get; } = dhPublic;
        public Dictionary<uint, Entry> ByNumber { get; } = new();
        public LinkedList<Entry> OldestFirst { get; } = new();
    }

    private sealed class Entry(Chain chain, uint n, byte[] messageKey)
    {
        public Chain Chain { get; } = chain;
        public uint N { get; } = n;
        public byte[] MessageKey { get; } = messageKey;
        public LinkedListNode<Entry>? OverallNode { get; set; }
        public LinkedListNode<Entry>? ChainNode { get; set; }
    }
}
