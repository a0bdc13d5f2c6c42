using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// What the user agreed to, so that the directory cannot decide it for them: a conversation exists
/// on this node only with the members its user proposed (as typed) or accepted (as shown in the
/// proposal), and each of those members is introduced into it once. The directory is not trusted:
/// it could add a ghost member, swap the member list, reopen an ended conversation or invent one.
/// Everything it says is checked against this record before the node acts on it.
/// </summary>
public sealed class ConversationConsent(Uid self)
{
    /// <summary>Bounds what an unanswered flood of proposals or connects can make this node remember.</summary>
    public const int MaxPending = 256;

    // Proposals the user sent, by member set (self included), until the directory names their id.
    private readonly Dictionary<string, int> _requested = new(StringComparer.Ordinal);
    // Proposals shown to the user, by id, with the members shown.
    private readonly Dictionary<ConversationId, ImmutableArray<Uid>> _offered = new();
    private readonly Dictionary<ConversationId, Agreement> _agreed = new();
    // Conversations this node proposed again to one member who came back without it, until that member
    // is introduced again or the proposal ends: the only way a member is introduced into one twice.
    private readonly Dictionary<ConversationId, Rejoin> _rejoins = new();

    private sealed class Rejoin(Uid peer)
    {
        public Uid Peer { get; } = peer;
        public bool Confirmed { get; set; }
    }

    private sealed class Agreement(ImmutableArray<Uid> members)
    {
        public ImmutableArray<Uid> Members { get; } = members;
        public HashSet<Uid> Introduced { get; } = [];
        public bool Closed { get; set; }
    }

    /// <summary>The user asked to talk with <paramref name="others"/>; the directory's <see cref="Proposed"/> must match.</summary>
    public void Requested(IEnumerable<Uid> others)
    {
        if (_requested.Values.Sum() >= MaxPending) _requested.Clear();
        var key = Key(others.Append(self));
        _requested[key] = _requested.GetValueOrDefault(key) + 1;
    }

    /// <summary>The proposal never reached the directory (it was not carried out): the directory may not announce it.</summary>
    public void Withdrawn(IEnumerable<Uid> others)
    {
        var key = Key(others.Append(self));
        if (!_requested.TryGetValue(key, out var count)) return;
        if (count == 1) _requested.Remove(key);
        else _requested[key] = count - 1;
    }

    /// <summary>
    /// The node proposes <paramref name="conversation"/> again to <paramref name="peer"/>, who was
    /// introduced into it and came back without it: only one the user agreed to, not ended, and one
    /// pending re-proposal per conversation at a time (a directory refuses a second one for a pending id anyway).
    /// </summary>
    public bool TryRepropose(ConversationId conversation, Uid peer, [NotNullWhen(false)] out string? reason)
    {
        reason = !_agreed.TryGetValue(conversation, out var agreement) ? $"conversation {conversation} is not one you proposed or accepted"
            : agreement.Closed ? $"conversation {conversation} has ended"
            : !agreement.Introduced.Contains(peer) ? $"{peer} was never introduced into conversation {conversation}"
            // One the directory has not confirmed may have been refused (its refusal names no id): a new one replaces it.
            : _rejoins.TryGetValue(conversation, out var pending) && pending.Confirmed ? $"conversation {conversation} is already proposed again to {pending.Peer}"
            : null;
        if (reason is not null) return false;
        if (_rejoins.Count >= MaxPending) _rejoins.Remove(_rejoins.Keys.First());
        _rejoins[conversation] = new Rejoin(peer);
        return true;
    }

    /// <summary>
    /// The re-proposal of <paramref name="conversation"/> ended without an introduction (declined,
    /// expired, or never carried out): the member it was for, or null when it was no re-proposal.
    /// </summary>
    public Uid? RejoinEnded(ConversationId conversation) => _rejoins.Remove(conversation, out var rejoin) ? rejoin.Peer : null;

    /// <summary>The directory says the user's proposal is out under this id: only with the members the user named.</summary>
    public bool TryConfirmProposed(Proposed proposed, [NotNullWhen(false)] out string? reason)
    {
        var key = Key(proposed.Members);
        if (_rejoins.TryGetValue(proposed.Conversation, out var rejoin) && !rejoin.Confirmed && key == Key([self, rejoin.Peer]))
        {
            rejoin.Confirmed = true;
            reason = null;
            return true;
        }
        if (_agreed.ContainsKey(proposed.Conversation))
        {
            reason = $"the directory announced conversation {proposed.Conversation} a second time";
            return false;
        }
        if (!_requested.TryGetValue(key, out var count))
        {
            reason = $"the directory announced conversation {proposed.Conversation} with {string.Join(", ", proposed.Members)}, which you did not propose";
            return false;
        }
        if (count == 1) _requested.Remove(key);
        else _requested[key] = count - 1;
        _agreed[proposed.Conversation] = new Agreement(Distinct(proposed.Members));
        reason = null;
        return true;
    }

    /// <summary>A proposal to show the user: it must name its sender and this user among its members.</summary>
    public bool TryOffer(ProposalReceived proposal, [NotNullWhen(false)] out string? reason)
    {
        var members = proposal.Members.IsDefault ? [] : proposal.Members;
        if (!members.Contains(self) || !members.Contains(proposal.From) || proposal.From == self)
        {
            reason = $"the directory sent proposal {proposal.Conversation} from {proposal.From} with members that do not include you and its sender";
            return false;
        }
        if (_agreed.ContainsKey(proposal.Conversation))
        {
            reason = $"the directory sent proposal {proposal.Conversation} for a conversation you are already in";
            return false;
        }
        if (_offered.Count >= MaxPending) _offered.Remove(_offered.Keys.First());
        _offered[proposal.Conversation] = Distinct(members);
        reason = null;
        return true;
    }

    /// <summary>The user accepts a proposal they were shown: its members, as shown, are the conversation's.</summary>
    public bool TryAccept(ConversationId conversation, [NotNullWhen(false)] out string? reason)
    {
        if (!_offered.Remove(conversation, out var members))
        {
            reason = $"no proposal {conversation} to accept (it was never shown here, or was already answered)";
            return false;
        }
        _agreed[conversation] = new Agreement(members);
        reason = null;
        return true;
    }

    /// <summary>
    /// The acceptance never reached the directory (it was not carried out): the proposal is shown as
    /// not yet answered again, so the user may accept it later; nothing of it may be introduced meanwhile.
    /// </summary>
    public void Unaccepted(ConversationId conversation)
    {
        if (!_agreed.TryGetValue(conversation, out var agreement) || agreement.Introduced.Count > 0) return;
        _agreed.Remove(conversation);
        _offered[conversation] = agreement.Members;
    }

    /// <summary>The user declined: nothing of it may be introduced.</summary>
    public void Declined(ConversationId conversation) => _offered.Remove(conversation);

    /// <summary>The proposal ended without a conversation (expired or declined by someone).</summary>
    public void Abandoned(ConversationId conversation)
    {
        _offered.Remove(conversation);
        if (_agreed.TryGetValue(conversation, out var agreement) && agreement.Introduced.Count == 0) _agreed.Remove(conversation);
    }

    /// <summary>
    /// May this introduction be acted on? Only for a conversation the user agreed to, only for one of
    /// its agreed members (never this user), each once, with the member list the user agreed to, and
    /// never once the conversation has ended.
    /// </summary>
    public bool TryAdmit(Introduction intro, [NotNullWhen(false)] out string? reason)
    {
        if (IsRejoin(intro))
        {
            // The member the user's node proposed it to again, and nobody else: its new session replaces the old.
            _rejoins.Remove(intro.Conversation);
            reason = null;
            return true;
        }
        reason = Refusal(intro);
        if (reason is not null) return false;
        _agreed[intro.Conversation].Introduced.Add(intro.Peer);
        return true;
    }

    /// <summary>The members the user agreed to, self included; empty when there is no agreement.</summary>
    /// <summary>A member the directory introduced into an open conversation here (a fresh relay token may name only such a pair).</summary>
    public bool WasIntroduced(ConversationId conversation, Uid peer) =>
        _agreed.TryGetValue(conversation, out var agreement) && !agreement.Closed && agreement.Introduced.Contains(peer);

    public ImmutableArray<Uid> MembersOf(ConversationId conversation) =>
        _agreed.TryGetValue(conversation, out var agreement) ? agreement.Members : [];

    /// <summary>The conversation is over: no introduction reopens it; a new one needs a new proposal.</summary>
    public void Close(ConversationId conversation)
    {
        if (_agreed.TryGetValue(conversation, out var agreement)) agreement.Closed = true;
    }

    private bool IsRejoin(Introduction intro) =>
        _rejoins.TryGetValue(intro.Conversation, out var rejoin) && rejoin.Confirmed && rejoin.Peer == intro.Peer
        && _agreed.TryGetValue(intro.Conversation, out var agreement) && !agreement.Closed
        && Key(intro.Members.IsDefault ? [] : intro.Members) == Key([self, intro.Peer]);

    private string? Refusal(Introduction intro)
    {
        if (!_agreed.TryGetValue(intro.Conversation, out var agreement))
            return $"conversation {intro.Conversation} is not one you proposed or accepted";
        if (agreement.Closed)
            return $"conversation {intro.Conversation} has ended; it does not take members again";
        if (intro.Peer == self || !agreement.Members.Contains(intro.Peer))
            return $"{intro.Peer} is not among the members you agreed to ({string.Join(", ", agreement.Members)})";
        var members = intro.Members.IsDefault ? [] : intro.Members;
        if (Key(members) != Key(agreement.Members))
            return $"the member list {string.Join(", ", members)} is not the one you agreed to ({string.Join(", ", agreement.Members)})";
        if (agreement.Introduced.Contains(intro.Peer))
            return $"{intro.Peer} was already introduced into conversation {intro.Conversation}";
        return null;
    }

    private static ImmutableArray<Uid> Distinct(ImmutableArray<Uid> members) =>
        members.Distinct().OrderBy(m => m.Value, StringComparer.Ordinal).ToImmutableArray();

    private static string Key(IEnumerable<Uid> members) =>
        string.Join("\n", members.Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
