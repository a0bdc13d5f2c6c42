using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>
/// Which conversation a plain line of the text console goes to (the active one) and which proposal
/// Enter accepts (the pending one), followed from the node's events and the user's commands. When the
/// active conversation ends (left, declined, expired, everyone else gone) the most recently active one
/// still open takes its place, or none; either way the user is told where lines go now, never left
/// typing into a conversation that is gone.
/// </summary>
internal sealed class ConversationFocus
{
    // Open conversations, the most recently active last; each with the peers the events named.
    private readonly List<ConversationId> _open = new();
    private readonly Dictionary<ConversationId, List<Uid>> _peers = new();
    private Uid? _me;

    public ConversationId? Active { get; private set; }

    public ConversationId? Pending { get; private set; }

    /// <summary>Follows an event from the node; returns a line for the user when the active conversation changed because it ended.</summary>
    public string? Observe(IPeerEvent e)
    {
        switch (e)
        {
            case RegisteredWithDirectory r:
                _me = r.Uid;
                break;
            case ProposalArrived p:
                Pending = p.Conversation;
                break;
            case ProposalSent p:
                Open(p.Conversation, p.Members.Where(m => m != _me));
                Active ??= p.Conversation;
                break;
            case ConversationConnected c:
                Open(c.Conversation, [c.Peer]);
                Focus(c.Conversation);
                break;
            case PeerIntroduced i:
                Open(i.Conversation, [i.Peer]);
                Active ??= i.Conversation;
                break;
            // A re-proposal's outcome (issue 14) ends no conversation by itself: its own event says so if it does.
            case ConversationDeclined { Rejoin: true } or ProposalTimedOut { Rejoin: true }:
                break;
            case ConversationDeclined d:
                return Close(d.Conversation) ? $"* {WhereLinesGo()}" : null;
            case ProposalTimedOut t:
                if (Pending == t.Conversation) Pending = null;
                return Close(t.Conversation) ? $"* {WhereLinesGo()}" : null;
            case ConversationEnded ended:
                return Close(ended.Conversation) ? $"* {WhereLinesGo()}" : null;
        }
        return null;
    }

    /// <summary>Follows a command the user gave; returns a line for the user when it moved the focus.</summary>
    public string? Issued(IPeerCommand command)
    {
        switch (command)
        {
            case AcceptConversation or DeclineConversation:
                Pending = null;
                return null;
            case LeaveConversation leave:
                // The node answers a leave only with the links it closes, so the console moves on now:
                // a line typed next must not go to the conversation just left.
                var wasActive = Close(leave.Conversation);
                return wasActive ? $"* leaving conversation {leave.Conversation}; {WhereLinesGo()}" : null;
            default:
                return null;
        }
    }

    private void Open(ConversationId conversation, IEnumerable<Uid> peers)
    {
        if (!_open.Contains(conversation)) _open.Add(conversation);
        if (!_peers.TryGetValue(conversation, out var known)) _peers[conversation] = known = new List<Uid>();
        foreach (var peer in peers)
            if (!known.Contains(peer)) known.Add(peer);
    }

    private void Focus(ConversationId conversation)
    {
        Active = conversation;
        _open.Remove(conversation);
        _open.Add(conversation);
    }

    /// <summary>Forgets the conversation; true when it was the active one (the focus then moved).</summary>
    private bool Close(ConversationId conversation)
    {
        _open.Remove(conversation);
        _peers.Remove(conversation);
        if (Active != conversation) return false;
        Active = _open.Count == 0 ? null : _open[^1];
        return true;
    }

    // The wording of "no active conversation" is the text console's own (TextCommandParser).
    private string WhereLinesGo() => Active is null
        ? "no active conversation now; type a UID to propose one (/who lists who is online)"
        : _peers.TryGetValue(Active, out var peers) && peers.Count > 0
            ? $"lines now go to conversation {Active} with {string.Join(", ", peers)}"
            : $"lines now go to conversation {Active}";
}
