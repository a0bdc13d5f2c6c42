using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using System.Diagnostics.CodeAnalysis;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Conversations;

namespace Encryptio.Peer.Node;

/// <summary>
/// The node's conversations (its /conversation-&lt;id&gt; children, watched as they start) and the
/// questions it asks all of them at once. Not an actor: the node calls it in its own turn and pipes
/// each answer back to itself. A conversation that does not answer in time (it is stopping) fails
/// the whole question; each caller says what that means. The children asked are chosen before the
/// first await, in the node's turn; only the answers are handled after it.
/// </summary>
internal sealed class ConversationChildren(TimeSpan timeout)
{
    private readonly Dictionary<IActorRef, ConversationId> _children = new();

    public IEnumerable<IActorRef> All => _children.Keys;

    public void Add(IActorRef child, ConversationId id) => _children[child] = id;

    public bool Contains(IActorRef child) => _children.ContainsKey(child);

    /// <summary>The conversation a watched child was, if it was one.</summary>
    public bool Remove(IActorRef child, [MaybeNullWhen(false)] out ConversationId id) => _children.Remove(child, out id);

    /// <summary>The unexpired history of one conversation (or of all, for null), merged in the order it was sent.</summary>
    public async Task<HistoryListed> History(ConversationId? only) =>
        Merge(await Gather<HistoryPart>(_children.Where(c => only is null || c.Value == only).Select(c => c.Key), ListHistory.Instance));

    /// <summary>How many messages wait for a member to acknowledge them, in all conversations together.</summary>
    public async Task<int> Waiting() => (await Gather<WaitingCount>(All, CountWaiting.Instance)).Sum(c => c.Count);

    /// <summary>Stops every session with a revoked key; returns how many there were.</summary>
    public async Task<int> EndSessionsWith(EndSessionsWith revoked) => (await Gather<SessionsEnded>(All, revoked)).Sum(e => e.Count);

    /// <summary>Every session says Bye; done when all have stopped.</summary>
    public Task CloseSessions() => Gather<Done>(All, Conversations.CloseSessions.Instance);

    /// <summary>Every message still waiting is reported `undelivered` for <paramref name="reason"/>.</summary>
    public Task ReportWaitingLost(string reason) => Gather<Done>(All, new ReportWaitingLost(reason));

    /// <summary>The parts of each conversation's history, as one list in the order the messages were sent.</summary>
    public static HistoryListed Merge(IEnumerable<HistoryPart> parts) =>
        new(parts.SelectMany(p => p.Messages).OrderBy(m => m.SentAt).ToImmutableArray());

    private Task<T[]> Gather<T>(IEnumerable<IActorRef> conversations, object question) =>
        Task.WhenAll(conversations.Select(c => c.Ask<T>(question, timeout)));
}
