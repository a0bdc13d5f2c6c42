using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Supervision;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

using Encryptio.Directory.Relay;

namespace Encryptio.Directory;

/// <summary>
/// /user/proposals: checks a proposal's rules, draws its conversation id and starts one
/// <see cref="Proposal"/> child per pending proposal (/user/proposals/&lt;id&gt;). Routes answers to
/// the right child. Never exposed to peers: it speaks to them only through their PeerLinks.
/// </summary>
public sealed class Proposals : ReceiveActor
{
    /// <summary>From a registered PeerLink: its peer proposes a conversation with these members.</summary>
    public sealed record Open(Uid Initiator, ImmutableArray<Uid> Members, IActorRef InitiatorLink)
    {
        /// <summary>A re-proposal: the conversation id it reopens (its PeerLink checked the initiator was introduced to every member in it).</summary>
        public ConversationId? Reopen { get; init; }

        /// <summary>Messages the initiator says wait for the members (shown to them).</summary>
        public int Waiting { get; init; }
    }

    /// <summary>From a registered PeerLink: its peer accepts or declines.</summary>
    public sealed record Answer(ConversationId Conversation, Uid By, bool Accept, IActorRef Link)
    {
        public DirectoryCommand Command => Accept ? DirectoryCommand.Accept : DirectoryCommand.Decline;
    }

    /// <summary>
    /// From a Proposal, before it tells anyone the outcome: it takes no more answers. Sent first so that
    /// a member reacting to the outcome already finds the proposal closed here, not a dying child.
    /// </summary>
    public sealed record Finished(ConversationId Conversation);

    /// <summary>How long one member's request for a fresh relay token waits for the other member's.</summary>
    public static readonly TimeSpan RelayRenewalWindow = TimeSpan.FromSeconds(30);

    /// <param name="relay">The node's relay, whose tokens go into every introduction; null when it runs none.</param>
    /// <param name="renewals">
    /// Where members' requests for fresh relay tokens go: null for this node's own <see cref="RelayRenewals"/>
    /// (a single node); a clustered node's registry, so the two requests meet wherever the members are registered.
    /// </param>
    public static Props Props(DirectorySettings settings, IActorRef registry, RelayReference? relay = null, IActorRef? renewals = null) =>
        Akka.Actor.Props.Create(() => new Proposals(settings, registry, relay, renewals));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DirectorySettings _settings;
    private readonly IActorRef _registry;
    private readonly RelayReference? _relay;
    // Counted from the moment a proposal is accepted for lookup, so a burst cannot overshoot the limit.
    private readonly Dictionary<Uid, int> _pending = new();
    private readonly Dictionary<ConversationId, (IActorRef Proposal, Uid Initiator)> _open = new();

    private readonly IActorRef? _renewals;

    public Proposals(DirectorySettings settings, IActorRef registry, RelayReference? relay = null, IActorRef? renewals = null)
    {
        _renewals = renewals;
        _relay = relay;
        _settings = settings;
        _registry = registry;
        Receive<Open>(OnOpen);
        Receive<Registry.LookupResult>(r => r.Correlation is Open, OnLookedUp);
        Receive<Answer>(OnAnswer);
        Receive<Registry.Unrouted>(m => Refuse(m.Answer.Link, m.Answer.Command, RefusalCode.ProposalExpired,
            $"no pending proposal {m.Answer.Conversation}: it expired, finished or never existed"));
        Receive<Registry.WentOffline>(m =>
        {
            foreach (var (proposal, _) in _open.Values) proposal.Tell(m);
        });
        Receive<Finished>(m => Close(m.Conversation));
        // Fresh relay tokens (wire 1.6) are a child's job; a node without a relay refuses them.
        Receive<RelayRenewals.Wanted>(wanted =>
        {
            var renewals = _renewals ?? Context.Child(RelayRenewals.Name);
            if (!renewals.IsNobody()) renewals.Forward(wanted);
            else Refuse(wanted.Link, DirectoryCommand.Relay, RefusalCode.NoRelay, "this directory node runs no relay");
        });
        // A proposal that crashed never said Finished.
        Receive<Terminated>(t =>
        {
            foreach (var (conversation, _) in _open.Where(o => o.Value.Proposal.Equals(t.ActorRef)).ToList()) Close(conversation);
        });
    }

    protected override void PreStart()
    {
        _registry.Tell(new Registry.SubscribePresence(Self));
        if (_relay is not null && _renewals is null) Context.ActorOf(RelayRenewals.Props(_relay, RelayRenewalWindow), RelayRenewals.Name);
    }

    // A proposal that throws is dropped (its members stop hearing of it); the others go on.
    protected override SupervisorStrategy SupervisorStrategy() => LoggedOneForOneStrategy.StopAlways();

    private void OnOpen(Open open)
    {
        if (Broken(open) is { } broken)
        {
            Refuse(open.InitiatorLink, DirectoryCommand.Connect, broken.Code, broken.Reason);
            return;
        }
        Reserve(open.Initiator);
        _registry.Tell(new Registry.Lookup(open.Members.Add(open.Initiator), open));
    }

    /// <summary>The rules that need no registry: count, self, duplicates, pending limit.</summary>
    private (RefusalCode Code, string Reason)? Broken(Open open)
    {
        if (open.Members.IsEmpty) return (RefusalCode.NoMembers, "a proposal needs at least one other member");
        if (open.Members.Contains(open.Initiator)) return (RefusalCode.IncludesSelf, "you cannot include yourself; you are a member already");
        var duplicate = open.Members.GroupBy(u => u).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) return (RefusalCode.DuplicateMember, $"'{duplicate.Key}' is listed more than once");
        if (open.Members.Length + 1 > _settings.MaxMembers)
            return (RefusalCode.TooManyMembers, $"too many members: {open.Members.Length + 1}, at most {_settings.MaxMembers} including you");
        if (open.Reopen is { } reopened && (_open.ContainsKey(reopened) || !Context.Child(reopened.Hex).IsNobody()))
            return (RefusalCode.ConversationBusy, $"a proposal of conversation {reopened} is already pending");
        if (_pending.GetValueOrDefault(open.Initiator) >= _settings.MaxPendingProposalsPerInitiator)
            return (RefusalCode.TooManyPending, $"you have {_settings.MaxPendingProposalsPerInitiator} pending proposals already, the most allowed");
        return null;
    }

    private void OnLookedUp(Registry.LookupResult result)
    {
        var open = (Open)result.Correlation;
        if (!result.Found.TryGetValue(open.Initiator, out var initiator) || !initiator.Link.Equals(open.InitiatorLink))
        {
            // The proposer left or was superseded while we looked: nobody to answer.
            Release(open.Initiator);
            return;
        }
        var missing = open.Members.Where(m => !result.Found.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            Release(open.Initiator);
            var elsewhere = missing.Where(result.Elsewhere.Contains).ToList();
            var offline = missing.Except(elsewhere).ToList();
            var reasons = new List<string>();
            if (offline.Count > 0) reasons.Add($"not online: {string.Join(", ", offline)}");
            if (elsewhere.Count > 0) reasons.Add($"registered at another directory node, which proposals cannot reach yet: {string.Join(", ", elsewhere)}");
            // Not reachable now either way: a script branches on not-online, the words say which.
            Refuse(open.InitiatorLink, DirectoryCommand.Connect, RefusalCode.NotOnline, string.Join("; ", reasons));
            return;
        }

        var conversation = open.Reopen ?? ConversationId.New();
        if (open.Reopen is not null && (_open.ContainsKey(conversation) || !Context.Child(conversation.Hex).IsNobody()))
        {
            // Another re-proposal of it won the race while we looked.
            Release(open.Initiator);
            Refuse(open.InitiatorLink, DirectoryCommand.Connect, RefusalCode.ConversationBusy, $"a proposal of conversation {conversation} is already pending");
            return;
        }
        while (_open.ContainsKey(conversation) || !Context.Child(conversation.Hex).IsNobody()) conversation = ConversationId.New();
        var members = open.Members.Select(m => result.Found[m]).ToImmutableArray();
        var child = Context.ActorOf(Proposal.Props(conversation, initiator, members, _settings.ProposalTimeout, _relay, open.Waiting), conversation.Hex);
        Context.Watch(child);
        _open[conversation] = (child, open.Initiator);
        _log.Info("proposal {0} by {1} to [{2}] at {3}", conversation, open.Initiator, string.Join(", ", open.Members), child.Path);
    }

    private void OnAnswer(Answer answer)
    {
        if (_open.TryGetValue(answer.Conversation, out var open))
            open.Proposal.Forward(answer);
        else
            // Perhaps another directory node's (a clustered registry routes it there); else refused below.
            _registry.Tell(new Registry.RouteAnswer(answer));
    }

    private void Close(ConversationId conversation)
    {
        if (_open.Remove(conversation, out var open)) Release(open.Initiator);
    }

    private void Reserve(Uid initiator) => _pending[initiator] = _pending.GetValueOrDefault(initiator) + 1;

    private void Release(Uid initiator)
    {
        var left = _pending.GetValueOrDefault(initiator) - 1;
        if (left > 0) _pending[initiator] = left;
        else _pending.Remove(initiator);
    }

    private void Refuse(IActorRef link, DirectoryCommand command, RefusalCode code, string reason)
    {
        _log.Info("refused {0} through {1}: {2}", command, link.Path, reason);
        link.Tell(new PeerLink.ToPeer(new CommandRefused(command, code, reason)));
    }
}
