using System.Security.Cryptography;

namespace Encryptio.Peer.Crypto;

/// Skipped message keys derived during an open that has not verified yet. They reach the store only
/// on commit; otherwise they are zeroed, so a forged frame leaves no trace. A struct held in a local:
/// an open that skips nothing (the usual in-order frame) allocates nothing for it.
internal struct StagedKeys
{
    private List<(byte[] DhPublic, uint N, byte[] MessageKey)>? _keys;

    /// Steps <paramref name="chainKey"/> in place from message <paramref name="from"/> up to (not
    /// including) <paramref name="until"/>, keeping each message key. The caller checked the bound.
    public void Advance(byte[] dhPublic, Span<byte> chainKey, uint from, uint until)
    {
        for (var n = from; n < until; n++)
        {
            var mk = new byte[RatchetKdf.MessageKeyLength];
            RatchetKdf.ChainStep(chainKey, mk, chainKey);
            (_keys ??= []).Add((dhPublic, n, mk));
        }
    }

    /// Hands every key to the store, oldest first; the store owns them from here on.
    public void CommitTo(SkippedMessageKeys store)
    {
        if (_keys is null) return;
        foreach (var (dh, n, mk) in _keys) store.Add(dh, n, mk);
        _keys = null;
    }

    public void Clear()
    {
        if (_keys is null) return;
        foreach (var (_, _, mk) in _keys) CryptographicOperations.ZeroMemory(mk);
        _keys = null;
    }
}
