using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Directory.Relay;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// /user/proposals/&lt;conversation&gt;: one pending proposal. Announces it, tallies answers, and ends
/// in exactly one of: introductions for every pair, a decline, or an expiry. Then it stops.
/// </summary>
public sealed class Proposal : ReceiveActor, IWithTimers
{
    private sealed record TimedOut
    {
        public static readonly TimedOut Instance = new();
        private TimedOut() { }
    }

    /// <param name="waiting">Messages the initiator says wait for the members (a re-proposal); shown to them.</param>
    public static Props Props(ConversationId conversation, Registry.Entry initiator, ImmutableArray<Registry.Entry> members, TimeSpan timeout, RelayReference? relay = null, int waiting = 0) =>
        Akka.Actor.Props.Create(() => new Proposal(conversation, initiator, members, timeout, relay, waiting));

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ConversationId _conversation;
    private readonly Registry.Entry _initiator;
    // Everyone, the initiator included, in UID order: the same list every member is shown.
    private readonly ImmutableArray<Registry.Entry> _everyone;
    private readonly ImmutableArray<Uid> _memberUids;
    private readonly HashSet<Uid> _accepted = new();
    private readonly TimeSpan _timeout;
    private readonly RelayReference? _relay;
    private readonly int _waiting;

    public Proposal(ConversationId conversation, Registry.Entry initiator, ImmutableArray<Registry.Entry> members, TimeSpan timeout, RelayReference? relay = null, int waiting = 0)
    {
        _waiting = waiting;
        _relay = relay;
        _conversation = conversation;
        _initiator = initiator;
        _timeout = timeout;
        _everyone = members.Add(initiator).OrderBy(e => e.Uid).ToImmutableArray();
        _memberUids = _everyone.Select(e => e.Uid).ToImmutableArray();
        _accepted.Add(initiator.Uid);

        Receive<Proposals.Answer>(OnAnswer);
        Receive<TimedOut>(_ => OnTimedOut());
        Receive<Registry.WentOffline>(OnWentOffline);
    }

    protected override void PreStart()
    {
        Timers.StartSingleTimer(TimedOut.Instance, TimedOut.Instance, _timeout);
        _initiator.Link.Tell(new PeerLink.ToPeer(new Proposed(_conversation, _memberUids)));
        var received = new ProposalReceived(_conversation, _initiator.Uid, _memberUids, _initiator.CertificateDer) { Waiting = _waiting };
        foreach (var member in Others(_initiator.Uid)) member.Link.Tell(new PeerLink.ToPeer(received));
    }

    private void OnAnswer(Proposals.Answer answer)
    {
        var member = _everyone.FirstOrDefault(e => e.Uid == answer.By);
        if (member is null || !member.Link.Equals(answer.Link))
        {
            Refuse(answer, RefusalCode.NotAMember, $"you are not a member of proposal {_conversation}");
            return;
        }
        if (answer.By == _initiator.Uid)
        {
            Refuse(answer, RefusalCode.OwnProposal, "you made this proposal; it needs the other members' answers");
            return;
        }
        if (!answer.Accept)
        {
            End(answer.By, "declined");
            return;
        }
        if (!_accepted.Add(answer.By)) return; // a repeated accept changes nothing
        _log.Info("{0} accepted ({1}/{2})", answer.By, _accepted.Count, _everyone.Length);
        if (_accepted.Count == _everyone.Length) Introduce();
    }

    /// <summary>
    /// Every member hears of every other one; the member whose UID sorts first dials. With a relay,
    /// each pair gets one token (told to the relay before either introduction leaves, so it is known
    /// before any peer can present it), and a pair with a relay-only member learns no endpoints.
    /// </summary>
    private void Introduce()
    {
        Finish();
        var offers = new Dictionary<(Uid, Uid), RelayOffer>();
        foreach (var member in _everyone)
        foreach (var other in Others(member.Uid))
        {
            var dialer = string.CompareOrdinal(member.Uid.Value, other.Uid.Value) < 0;
            var pair = dialer ? (member.Uid, other.Uid) : (other.Uid, member.Uid);
            var offer = _relay is null ? null : offers.TryGetValue(pair, out var made) ? made : offers[pair] = Issue(pair);
            var hidden = offer is not null && (RelayOffer.IsRelayOnly(member.Endpoint) || RelayOffer.IsRelayOnly(other.Endpoint));
            var introduction = new Introduction(_conversation, other.Uid, other.CertificateDer, hidden ? null : other.Endpoint, dialer, _memberUids) { Relay = offer };
            member.Link.Tell(new PeerLink.ToPeer(introduction));
        }
        _log.Info("introduced [{0}] to each other", string.Join(", ", _memberUids));
        Context.Stop(Self);
    }

    private RelayOffer Issue((Uid A, Uid B) pair)
    {
        var token = Messages.Relay.RelayPreface.NewToken();
        _relay!.Relay.Tell(new IssueRelayToken(token, pair.A, pair.B));
        return new RelayOffer(_relay.Endpoint, token);
    }

    private void OnTimedOut()
    {
        Finish();
        var expired = new ProposalExpired(_conversation);
        foreach (var member in _everyone) member.Link.Tell(new PeerLink.ToPeer(expired));
        _log.Info("expired after {0} with {1}/{2} accepted", _timeout, _accepted.Count, _everyone.Length);
        Context.Stop(Self);
    }

    private void OnWentOffline(Registry.WentOffline gone)
    {
        if (_everyone.Any(e => e.Uid == gone.Uid && e.Link.Equals(gone.Link))) End(gone.Uid, "went offline");
    }

    /// <summary>The conversation will not start: everyone but <paramref name="by"/> is told why.</summary>
    private void End(Uid by, string reason)
    {
        Finish();
        var declined = new ProposalDeclined(_conversation, by, reason);
        foreach (var member in Others(by)) member.Link.Tell(new PeerLink.ToPeer(declined));
        _log.Info("{0} {1}", by, reason);
        Context.Stop(Self);
    }

    private void Finish() => Context.Parent.Tell(new Proposals.Finished(_conversation));

    private IEnumerable<Registry.Entry> Others(Uid uid) => _everyone.Where(e => e.Uid != uid);

    private void Refuse(Proposals.Answer answer, RefusalCode code, string reason)
    {
        _log.Info("refused {0} from {1}: {2}", answer.Command, answer.By, reason);
        answer.Link.Tell(new PeerLink.ToPeer(new CommandRefused(answer.Command, code, reason)));
    }
}
