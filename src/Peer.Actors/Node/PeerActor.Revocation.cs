using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Encryptio.Peer.Conversations;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Peer;

namespace Encryptio.Peer.Node;

// Revocation: a CA-signed KeyRevoked forwarded by the directory (and checked by the directory client) ends the sessions with that key.
public sealed partial class PeerActor
{
    // SHA-256 of every certificate a verified notice revoked (hex): no session with one of them again.
    private readonly HashSet<string> _revokedKeys = new(StringComparer.Ordinal);

    /// <summary>Whether a verified notice revoked this certificate (for the introduction check).</summary>
    private bool IsRevokedKey(X509Certificate2 certificate) =>
        _revokedKeys.Contains(Convert.ToHexString(SHA256.HashData(certificate.RawData)));

    /// <summary>A notice the directory client has seen come over the directory link, signed by the CA.</summary>
    private void OnKeyRevoked(KeyRevoked notice)
    {
        _revokedKeys.Add(Convert.ToHexString(notice.CertificateSha256.AsSpan()));

        if (notice.Uid == _identity.Uid)
        {
            var ours = notice.Names(_identity.Certificate);
            _log.Warning("the CA revoked {0} certificate (serial {1})", ours ? "this node's" : "an earlier", notice.Serial);
            if (ours) Publish(new PeerKeyRevoked(notice.Uid, notice.Serial, null));
            return;
        }

        // Only sessions running with exactly the revoked certificate end: a UID that re-enrolled keeps its new key.
        if (!_peerCertificates.TryGetValue(notice.Uid, out var known) || !notice.Names(known))
        {
            _log.Info("the CA revoked a certificate of {0} (serial {1}) that no session here uses", notice.Uid, notice.Serial);
            return;
        }
        // Each conversation stops its sessions with that key and says so (key-revoked with its id); whatever
        // they never acknowledged is reported undelivered, and a conversation left with nobody ends.
        var reason = $"{notice.Uid}'s key was revoked by the CA";
        Gather<SessionsEnded>(_conversations.Keys, new EndSessionsWith(notice.Uid, notice.Serial, reason))
            .PipeTo(Self, success: ended => new RevocationCarriedOut(notice, ended.Sum(e => e.Count)));
    }

    private sealed record RevocationCarriedOut(KeyRevoked Notice, int SessionsEnded);

    private void OnRevocationCarriedOut(RevocationCarriedOut done)
    {
        var notice = done.Notice;
        _log.Warning("the CA revoked {0}'s certificate (serial {1}); {2} session(s) with it ended", notice.Uid, notice.Serial, done.SessionsEnded);
        if (done.SessionsEnded == 0) Publish(new PeerKeyRevoked(notice.Uid, notice.Serial, null));
    }
}
