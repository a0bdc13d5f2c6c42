using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Identity;

/// <summary>
/// The peer keys this node's sessions run with, and the certificates the CA revoked: a revocation
/// ends only the sessions running with exactly the certificate it names (a UID that re-enrolled keeps
/// its new key), and a revoked certificate never gets a session again, whatever the directory does
/// later. Not an actor: admission asks it in its own turn, after the notice's signature was checked.
/// </summary>
public sealed class SessionKeys(Uid self, X509Certificate2 ownCertificate)
{
    // The key in use per peer (what /verify shows when nothing waits for /trust, and what a revocation must name).
    private readonly Dictionary<Uid, X509Certificate2> _inUse = new();
    // SHA-256 of every certificate a verified notice revoked (hex): no session with one of them again.
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);

    public enum Revocation
    {
        /// <summary>This node's own certificate: the user must hear of it.</summary>
        Ours,
        /// <summary>An earlier certificate of this node's UID, no longer in use.</summary>
        OursEarlier,
        /// <summary>The certificate a peer's sessions here run with: they end.</summary>
        InUse,
        /// <summary>A certificate no session here uses: nothing to end.</summary>
        Unused,
    }

    /// <summary>A session with <paramref name="peer"/> starts with this certificate.</summary>
    public void Use(Uid peer, X509Certificate2 certificate) => _inUse[peer] = certificate;

    /// <summary>The certificate the sessions with <paramref name="peer"/> run with, if any.</summary>
    public X509Certificate2? InUse(Uid peer) => _inUse.GetValueOrDefault(peer);

    /// <summary>True if a verified notice revoked this certificate.</summary>
    public bool IsRevoked(X509Certificate2 certificate) => _revoked.Contains(Convert.ToHexString(SHA256.HashData(certificate.RawData)));

    /// <summary>Remembers the revoked certificate and says whose it was.</summary>
    public Revocation Revoke(KeyRevoked notice)
    {
        _revoked.Add(Convert.ToHexString(notice.CertificateSha256.AsSpan()));
        if (notice.Uid == self) return notice.Names(ownCertificate) ? Revocation.Ours : Revocation.OursEarlier;
        return _inUse.TryGetValue(notice.Uid, out var known) && notice.Names(known) ? Revocation.InUse : Revocation.Unused;
    }
}
