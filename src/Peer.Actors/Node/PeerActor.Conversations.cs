using System.Security.Cryptography.X509Certificates;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Identity;

namespace Encryptio.Peer.Node;

// Conversations the directory introduced: who is in them and their identity certificates.
public sealed partial class PeerActor
{
    private readonly Dictionary<Uid, X509Certificate2> _peerCertificates = new();
    private TimeSpan _ttl;

    private void OnIntroduction(Introduction intro)
    {
        var certificate = AuthorityTrust.TryLoad(intro.PeerCertificateDer.AsSpan(), out var reason);
        if (certificate is null || !_identity.Trust.IsIdentityOf(certificate, intro.Peer, out reason))
        {
            _log.Warning("introduction to {0} in {1} refused: {2}", intro.Peer, intro.Conversation, reason);
            Publish(new CommandFailed($"the directory introduced {intro.Peer} with an unusable certificate: {reason}"));
            return;
        }
        _peerCertificates[intro.Peer] = certificate;
        _log.Info("introduced to {0} in conversation {1} at {2} (dialer: {3})", intro.Peer, intro.Conversation, intro.PeerEndpoint, intro.Dialer);
        Publish(new PeerIntroduced(intro.Conversation, intro.Peer, intro.Dialer, intro.PeerEndpoint));
    }

    private void ReceiveConversationCommands()
    {
        Receive<SendText>(send => Publish(new CommandFailed($"no encrypted link in conversation {send.Conversation} yet", "send")));
        Receive<LeaveConversation>(leave => Publish(new CommandFailed($"not in conversation {leave.Conversation}", "leave")));
        Receive<SetTtl>(OnSetTtl);
        Receive<VerifyPeer>(OnVerify);
        Receive<ShowHistory>(_ => Publish(new HistoryListed([])));
        Receive<TrustPeer>(trust => Publish(new CommandFailed($"{trust.Peer}'s key has not changed; nothing to trust", "trust")));
        Receive<QuitNode>(_ => Quit());
    }

    private void OnSetTtl(SetTtl ttl)
    {
        if (ttl.Seconds is < 1 or > 604_800)
        {
            Publish(new CommandFailed("a TTL is 1 to 604800 seconds", "ttl"));
            return;
        }
        _ttl = TimeSpan.FromSeconds(ttl.Seconds);
        _log.Info("message TTL set to {0}s", ttl.Seconds);
    }

    private void OnVerify(VerifyPeer verify)
    {
        if (!_peerCertificates.TryGetValue(verify.Peer, out var theirs))
        {
            Publish(new CommandFailed($"no identity key known for {verify.Peer}: start a conversation with them first", "verify"));
            return;
        }
        var number = SafetyNumber.Compute(
            _identity.Uid, _identity.Certificate.PublicKey.EncodedKeyValue.RawData,
            verify.Peer, theirs.PublicKey.EncodedKeyValue.RawData);
        Publish(new SafetyNumberComputed(verify.Peer, number));
    }

    private void Quit()
    {
        Publish(new NodeStopping("the user quit"));
        CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }
}
