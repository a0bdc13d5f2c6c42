using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Link;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Node;

// The seam to the session layer, and trust on first use for the peers' identity keys.
public sealed partial class PeerActor
{
    private readonly Dictionary<Uid, List<(Introduction Intro, SessionSpec Spec)>> _blockedIntroductions = new();
    // The key each /verify showed, per peer: the only key /trust may pin.
    private readonly Dictionary<Uid, X509Certificate2> _verifiedKeys = new();

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

    /// <summary>
    /// Shows the safety number of the key the user is asked about: the newest changed key waiting for
    /// /trust if there is one, else the key in use. What it showed is what /trust will pin.
    /// </summary>
    private void OnVerify(VerifyPeer verify)
    {
        var theirs = _blockedIntroductions.TryGetValue(verify.Peer, out var waiting) ? waiting[^1].Spec.PeerCertificate
            : _peerCertificates.GetValueOrDefault(verify.Peer);
        if (theirs is null)
        {
            Publish(new CommandFailed($"no identity key known for {verify.Peer}: start a conversation with them first", "verify"));
            return;
        }
        _verifiedKeys[verify.Peer] = theirs;
        var number = SafetyNumber.Compute(
            _identity.Uid, _identity.Certificate.PublicKey.EncodedKeyValue.RawData,
            verify.Peer, theirs.PublicKey.EncodedKeyValue.RawData);
        Publish(new SafetyNumberComputed(verify.Peer, number));
    }

    /// <summary>
    /// Pins exactly the key whose safety number /verify last showed, and lets in only the introductions
    /// that carry it. A key that arrived after that /verify was never shown: the user must look again.
    /// </summary>
    private void OnTrust(TrustPeer trust)
    {
        if (!_blockedIntroductions.TryGetValue(trust.Peer, out var waiting))
        {
            Publish(new CommandFailed($"{trust.Peer}'s key has not changed; nothing to trust", "trust"));
            return;
        }
        if (!_verifiedKeys.TryGetValue(trust.Peer, out var shown))
        {
            Publish(new CommandFailed($"run /verify {trust.Peer} first and compare the safety number with them", "trust"));
            return;
        }
        if (!SameKey(waiting[^1].Spec.PeerCertificate, shown))
        {
            Publish(new CommandFailed($"{trust.Peer}'s key changed again since /verify showed it; run /verify {trust.Peer} again", "trust"));
            return;
        }
        _knownPeers.Trust(trust.Peer, shown);
        _log.Info("the user trusted {0}'s new identity key ({1})", trust.Peer, KnownPeers.Fingerprint(shown)[..16]);
        var admitted = waiting.Where(w => SameKey(w.Spec.PeerCertificate, shown)).ToList();
        waiting.RemoveAll(w => SameKey(w.Spec.PeerCertificate, shown));
        if (waiting.Count == 0) _blockedIntroductions.Remove(trust.Peer);
        else
            Publish(new CommandFailed(
                $"{waiting.Count} introduction(s) of {trust.Peer} carry another key than the one you verified and stay blocked", "trust"));
        foreach (var (intro, spec) in admitted) AdmitPeer(intro, spec);
    }

    private static bool SameKey(X509Certificate2 a, X509Certificate2 b) =>
        CryptographicOperations.FixedTimeEquals(a.PublicKey.ExportSubjectPublicKeyInfo(), b.PublicKey.ExportSubjectPublicKeyInfo());
}
