using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Identity;

/// <summary>
/// Trust on first use for the peers' identity keys, and what /verify and /trust may change about it.
/// A key seen before for a UID must be the same key; an introduction with another one (re-enrolled,
/// or a directory that lies) waits here until the user has compared safety numbers (/verify) and
/// pinned exactly the key they were shown (/trust).
/// </summary>
public sealed class KeyPins(KnownPeers knownPeers)
{
    private readonly Dictionary<Uid, List<(Introduction Intro, SessionSpec Spec)>> _waiting = new();
    // The key each /verify showed, per peer: the only key /trust may pin.
    private readonly Dictionary<Uid, X509Certificate2> _shown = new();

    /// <summary>Pins a first-seen key; an introduction with a changed key is held until /trust.</summary>
    public KnownPeers.Verdict Check(Introduction intro, SessionSpec spec)
    {
        var verdict = knownPeers.Check(intro.Peer, spec.PeerCertificate);
        if (verdict != KnownPeers.Verdict.Changed) return verdict;
        if (!_waiting.TryGetValue(intro.Peer, out var waiting)) _waiting[intro.Peer] = waiting = [];
        waiting.Add((intro, spec));
        return verdict;
    }

    /// <summary>
    /// The key /verify shows for <paramref name="peer"/>: the newest changed key waiting for /trust if
    /// there is one, else <paramref name="inUse"/>. What it shows is what /trust will pin. Null: none known.
    /// </summary>
    public X509Certificate2? Show(Uid peer, X509Certificate2? inUse)
    {
        var key = _waiting.TryGetValue(peer, out var waiting) ? waiting[^1].Spec.PeerCertificate : inUse;
        if (key is not null) _shown[peer] = key;
        return key;
    }

    /// <summary>
    /// Pins exactly the key /verify last showed, and returns the introductions that carry it. A key
    /// that arrived after that /verify was never shown: the user must look again.
    /// </summary>
    /// <param name="stillWaiting">Introductions of the peer with another key, which stay held.</param>
    public bool TryTrust(Uid peer, out List<(Introduction Intro, SessionSpec Spec)> admitted, out int stillWaiting, out string? refusal)
    {
        admitted = [];
        stillWaiting = 0;
        refusal = null;
        if (!_waiting.TryGetValue(peer, out var waiting))
            refusal = $"{peer}'s key has not changed; nothing to trust";
        else if (!_shown.TryGetValue(peer, out var shown))
            refusal = $"run /verify {peer} first and compare the safety number with them";
        else if (!SameKey(waiting[^1].Spec.PeerCertificate, shown))
            refusal = $"{peer}'s key changed again since /verify showed it; run /verify {peer} again";
        else
        {
            knownPeers.Trust(peer, shown);
            admitted = waiting.Where(w => SameKey(w.Spec.PeerCertificate, shown)).ToList();
            waiting.RemoveAll(w => SameKey(w.Spec.PeerCertificate, shown));
            stillWaiting = waiting.Count;
            if (waiting.Count == 0) _waiting.Remove(peer);
        }
        return refusal is null;
    }

    private static bool SameKey(X509Certificate2 a, X509Certificate2 b) =>
        CryptographicOperations.FixedTimeEquals(a.PublicKey.ExportSubjectPublicKeyInfo(), b.PublicKey.ExportSubjectPublicKeyInfo());
}
