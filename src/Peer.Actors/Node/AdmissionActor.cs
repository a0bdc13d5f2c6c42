using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.DirectoryClient;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Node;

/// <summary>
/// /user/peer/admission: decides who this node talks with, and with which key, so that the directory
/// cannot decide it for the user. Sends the user's directory commands (checked against what the user
/// agreed to) through the directory client, judges by the same consent what the client vouches came
/// from the directory, checks each introduced certificate (CA, revocations, pinned key, /verify and
/// /trust), and tells the node which sessions to start or end.
/// </summary>
public sealed class AdmissionActor : ReceiveActor
{
    public static Props Props(PeerSettings settings, PeerIdentity identity, IActorRef directory, EventSink events, KnownPeers knownPeers) =>
        Akka.Actor.Props.Create(() => new AdmissionActor(settings, identity, directory, events, knownPeers));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSettings _settings;
    private readonly PeerIdentity _identity;
    private readonly IActorRef _directory;
    private readonly EventSink _events;
    private readonly ConversationConsent _consent;
    private readonly KeyPins _pins;
    // The key in use per peer, and every certificate the CA revoked.
    private readonly SessionKeys _keys;
    private long _requests;

    public AdmissionActor(PeerSettings settings, PeerIdentity identity, IActorRef directory, EventSink events, KnownPeers knownPeers)
    {
        _settings = settings;
        _identity = identity;
        _directory = directory;
        _events = events;
        _consent = new ConversationConsent(identity.Uid);
        _pins = new KeyPins(knownPeers);
        _keys = new SessionKeys(identity.Uid, identity.Certificate);

        Receive<ListOnline>(_ => Request(Who.Instance, "who"));
        Receive<ConnectTo>(OnConnect);
        Receive<AcceptConversation>(accept =>
        {
            if (_consent.TryAccept(accept.Conversation, out var refusal)) Request(new AcceptProposal(accept.Conversation), "accept");
            else Publish(new CommandFailed(refusal, "accept"));
        });
        Receive<DeclineConversation>(decline =>
        {
            _consent.Declined(decline.Conversation);
            Request(new DeclineProposal(decline.Conversation), "decline");
        });
        // Only the directory client vouches for the directory; the node forwards what it sends.
        Receive<RequestNotCarriedOut>(_ => Sender.Equals(_directory), OnNotCarriedOut);
        Receive<FromDirectory>(_ => Sender.Equals(_directory), said => OnFromDirectory(said.Message));
        Receive<RevocationVerified>(_ => Sender.Equals(_directory), verified => OnKeyRevoked(verified.Notice));
        Receive<VerifyPeer>(OnVerify);
        Receive<TrustPeer>(OnTrust);
        Receive<ConversationOver>(over => _consent.Close(over.Conversation));
        // From a conversation (through the node): a member is away with messages waiting, or back without the conversation.
        Receive<WatchMember>(watch => Request(new WatchPresence(watch.Conversation, watch.Peer), "watch"));
        Receive<ReproposeMember>(OnRepropose);
    }

    private void Request(IDirectoryMessage request, string command) => _directory.Tell(new DirectoryRequest(++_requests, request, command));

    private void OnConnect(ConnectTo connect)
    {
        if (connect.Members.IsDefaultOrEmpty)
            Publish(new CommandFailed("name at least one UID to connect to", "connect"));
        else if (connect.Members.Contains(_identity.Uid))
            Publish(new CommandFailed("you cannot start a conversation with yourself", "connect"));
        else
        {
            var others = connect.Members.Distinct().ToImmutableArray();
            _consent.Requested(others);
            Request(new Propose(others), "connect");
        }
    }

    /// <summary>The directory never heard of it, so the consent it carried is taken back, and the user is told.</summary>
    private void OnNotCarriedOut(RequestNotCarriedOut failed)
    {
        switch (failed.Request.Request)
        {
            case Propose { Conversation: { } reopened }: _consent.RejoinEnded(reopened); break;
            case Propose propose: _consent.Withdrawn(propose.Members); break;
            case AcceptProposal accept: _consent.Unaccepted(accept.Conversation); break;
        }
        _log.Warning("a {0} was not carried out: {1}", failed.Request.Command, failed.Reason);
        Publish(new CommandFailed(failed.Reason, failed.Request.Command));
    }

    private void OnFromDirectory(IDirectoryMessage message)
    {
        string? refusal = null;
        switch (message)
        {
            case Proposed proposed when _consent.TryConfirmProposed(proposed, out refusal):
                _log.Info("proposed conversation {0} with {1}", proposed.Conversation, string.Join(",", proposed.Members));
                Publish(new ProposalSent(proposed.Conversation, proposed.Members));
                break;
            case ProposalReceived received when _consent.TryOffer(received, out refusal):
                _log.Info("proposal {0} from {1} (members {2})", received.Conversation, received.From, string.Join(",", received.Members));
                Publish(new ProposalArrived(received.Conversation, received.From, received.Members) { Waiting = received.Waiting });
                break;
            case Proposed or ProposalReceived:
                // The directory said something the user never agreed to: refused, logged and shown.
                _log.Warning("refused from the directory: {0}", refusal);
                Publish(new CommandFailed($"refused from the directory: {refusal}"));
                break;
            case ProposalDeclined declined:
                var away = _consent.RejoinEnded(declined.Conversation);
                if (away is null) _consent.Abandoned(declined.Conversation);
                // Only the user's no gives up what waits; a member that went offline meanwhile may come back again.
                else if (declined.Reason == DeclinedReason && declined.By == away)
                    Context.Parent.Tell(new RejoinDeclined(declined.Conversation, away, DeclinedReason));
                Publish(new ConversationDeclined(declined.Conversation, declined.By, declined.Reason) { Rejoin = away is not null });
                break;
            case ProposalExpired expired:
                var rejoin = _consent.RejoinEnded(expired.Conversation) is not null;
                if (!rejoin) _consent.Abandoned(expired.Conversation);
                Publish(new ProposalTimedOut(expired.Conversation) { Rejoin = rejoin });
                break;
            case PeerOnline online:
                Context.Parent.Tell(new MemberOnline(online.Peer));
                break;
            case Introduction intro:
                OnIntroduction(intro);
                break;
            case RelayRenewed renewed:
                OnRelayRenewed(renewed);
                break;
        }
    }

    /// <summary>A directory's ProposalDeclined reason when the member's user said no (Proposal.cs).</summary>
    private const string DeclinedReason = "declined";

    private void OnRepropose(ReproposeMember repropose)
    {
        if (!_consent.TryRepropose(repropose.Conversation, repropose.Peer, out var refusal))
        {
            _log.Info("not proposing {0} again to {1}: {2}", repropose.Conversation, repropose.Peer, refusal);
            return;
        }
        _log.Info("proposing conversation {0} again to {1} ({2} message(s) wait)", repropose.Conversation, repropose.Peer, repropose.Waiting);
        Request(new Propose([repropose.Peer]) { Conversation = repropose.Conversation, Waiting = repropose.Waiting }, "connect");
    }

    private void OnIntroduction(Introduction intro)
    {
        // A directory is not trusted to get the certificate right: it must chain to our CA and name the peer.
        if (!SessionSpec.TryFromIntroduction(intro, _identity, _settings, out var spec, out var reason))
        {
            _log.Warning("introduction to {0} in {1} refused: {2}", intro.Peer, intro.Conversation, reason);
            Publish(new CommandFailed($"the directory introduced {intro.Peer} with an unusable certificate: {reason}"));
            return;
        }
        // Nor to withhold a revocation it already carried: a key the CA revoked never gets a session again.
        if (_keys.IsRevoked(spec.PeerCertificate))
        {
            spec.PeerCertificate.Dispose();
            _log.Warning("introduction to {0} in {1} refused: the CA revoked that certificate", intro.Peer, intro.Conversation);
            Publish(new CommandFailed($"refused the directory's introduction of {intro.Peer}: the CA revoked that key"));
            return;
        }
        // Nor to decide who is in a conversation: only what the user proposed or accepted.
        if (!_consent.TryAdmit(intro, out reason))
        {
            _log.Warning("introduction to {0} in {1} refused: {2}", intro.Peer, intro.Conversation, reason);
            Publish(new CommandFailed($"refused the directory's introduction of {intro.Peer}: {reason}"));
            return;
        }
        _log.Info("introduced to {0} in conversation {1} at {2} (dialer: {3})", intro.Peer, intro.Conversation, intro.PeerEndpoint, intro.Dialer);
        Publish(new PeerIntroduced(intro.Conversation, intro.Peer, intro.Dialer, intro.PeerEndpoint));
        var fingerprint = KnownPeers.Fingerprint(spec.PeerCertificate)[..16];
        switch (_pins.Check(intro, spec))
        {
            case KnownPeers.Verdict.Changed:
                _log.Warning("{0}'s identity key changed (now {1}); sessions with {0} are blocked until the user runs /trust {0}", intro.Peer, fingerprint);
                Publish(new PeerKeyChanged(intro.Peer));
                Context.Parent.Tell(new HeldForTrust(intro.Conversation, intro.Peer, _consent.MembersOf(intro.Conversation)));
                break;
            case KnownPeers.Verdict.FirstSeen:
                _log.Info("pinned {0}'s identity key on first use ({1})", intro.Peer, fingerprint);
                Admit(spec);
                break;
            default:
                Admit(spec);
                break;
        }
    }

    /// <summary>A fresh relay token is used only for a pair the user agreed to and the directory introduced, and never with --relay never.</summary>
    private void OnRelayRenewed(RelayRenewed renewed)
    {
        if (_settings.Relay == RelayMode.Never || !_consent.WasIntroduced(renewed.Conversation, renewed.Peer))
        {
            _log.Warning("a fresh relay token for {0} in {1} ignored: {2}", renewed.Peer, renewed.Conversation,
                _settings.Relay == RelayMode.Never ? "this peer runs with --relay never" : "no such introduced pair here");
            return;
        }
        _log.Info("fresh relay token for {0} in {1} ({2})", renewed.Peer, renewed.Conversation, renewed.Relay);
        Context.Parent.Tell(new RelayRenewal(renewed));
    }

    private void Admit(SessionSpec spec)
    {
        _keys.Use(spec.Peer, spec.PeerCertificate);
        Context.Parent.Tell(new Admitted(spec, _consent.MembersOf(spec.Conversation)));
    }

    private void OnVerify(VerifyPeer verify)
    {
        var theirs = _pins.Show(verify.Peer, _keys.InUse(verify.Peer));
        if (theirs is null)
        {
            Publish(new CommandFailed($"no identity key known for {verify.Peer}: start a conversation with them first", "verify"));
            return;
        }
        var number = SafetyNumber.Compute(
            _identity.Uid, _identity.Certificate.PublicKey.EncodedKeyValue.RawData,
            verify.Peer, theirs.PublicKey.EncodedKeyValue.RawData);
        Publish(new SafetyNumberComputed(verify.Peer, number));
    }

    private void OnTrust(TrustPeer trust)
    {
        if (!_pins.TryTrust(trust.Peer, out var admitted, out var stillWaiting, out var refusal))
        {
            Publish(new CommandFailed(refusal!, "trust"));
            return;
        }
        _log.Info("the user trusted {0}'s new identity key ({1})", trust.Peer, KnownPeers.Fingerprint(admitted[0].Spec.PeerCertificate)[..16]);
        // Told to the node before the user hears of it: a command the user types next finds the session started.
        foreach (var (_, spec) in admitted) Admit(spec);
        if (stillWaiting > 0)
            Publish(new CommandFailed($"{stillWaiting} introduction(s) of {trust.Peer} carry another key than the one you verified and stay blocked", "trust"));
    }

    /// <summary>A notice the directory client has seen come over the directory link, signed by the CA.</summary>
    private void OnKeyRevoked(KeyRevoked notice)
    {
        // Only sessions running with exactly the revoked certificate end: a UID that re-enrolled keeps its new key.
        var revoked = _keys.Revoke(notice);
        if (revoked == SessionKeys.Revocation.InUse)
            Context.Parent.Tell(new EndSessionsRevoked(notice, $"{notice.Uid}'s key was revoked by the CA"));
        else if (revoked == SessionKeys.Revocation.Unused)
            _log.Info("the CA revoked a certificate of {0} (serial {1}) that no session here uses", notice.Uid, notice.Serial);
        else
        {
            _log.Warning("the CA revoked {0} certificate (serial {1})", revoked == SessionKeys.Revocation.Ours ? "this node's" : "an earlier", notice.Serial);
            if (revoked == SessionKeys.Revocation.Ours) Publish(new PeerKeyRevoked(notice.Uid, notice.Serial, null));
        }
    }

    private void Publish(IPeerEvent e) => _events.Publish(e);
}
