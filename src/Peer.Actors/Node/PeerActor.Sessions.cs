using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Link;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Node;

// The seam to the session layer, and trust on first use for the peers' identity keys.
public sealed partial class PeerActor
{
    private readonly Dictionary<Uid, List<(Introduction Intro, SessionSpec Spec)>> _blockedIntroductions = new();

    private static void RefuseLink(IActorRef connection, string reason) => connection.Tell(new RefuseLink(reason));

    /// <summary>
    /// A key seen before for this UID must be the same key. If it changed (re-enrolled, or a directory
    /// that lies), the session waits until the user has compared safety numbers and said /trust.
    /// </summary>
    private bool KeyIsTrusted(Introduction intro, SessionSpec spec)
    {
        var certificate = spec.PeerCertificate;
        switch (_knownPeers.Check(intro.Peer, certificate))
        {
            case KnownPeers.Verdict.FirstSeen:
                _log.Info("pinned {0}'s identity key on first use ({1})", intro.Peer, KnownPeers.Fingerprint(certificate)[..16]);
                return true;
            case KnownPeers.Verdict.Known:
                return true;
            default:
                _log.Warning("{0}'s identity key changed (now {1}); sessions with {0} are blocked until the user runs /trust {0}",
                    intro.Peer, KnownPeers.Fingerprint(certificate)[..16]);
                if (!_blockedIntroductions.TryGetValue(intro.Peer, out var waiting))
                    _blockedIntroductions[intro.Peer] = waiting = [];
                waiting.Add((intro, spec));
                Publish(new PeerKeyChanged(intro.Peer));
                return false;
        }
    }

    private void OnTrust(TrustPeer trust)
    {
        if (!_blockedIntroductions.Remove(trust.Peer, out var waiting) || !_peerCertificates.TryGetValue(trust.Peer, out var certificate))
        {
            Publish(new CommandFailed($"{trust.Peer}'s key has not changed; nothing to trust", "trust"));
            return;
        }
        _knownPeers.Trust(trust.Peer, certificate);
        _log.Info("the user trusted {0}'s new identity key ({1})", trust.Peer, KnownPeers.Fingerprint(certificate)[..16]);
        foreach (var (intro, spec) in waiting) AdmitPeer(intro, spec);
    }
}
