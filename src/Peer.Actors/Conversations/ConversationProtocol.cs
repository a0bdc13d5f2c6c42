using System.Collections.Immutable;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

// What the peer node and one of its conversations (/user/peer/conversation-<id>) say to each other.
// The node has already judged everything here against the user's consent and key pins; the
// conversation runs what follows: its sessions, its history, its end. Nothing here crosses the network.

/// <summary>A member the user agreed to, whose key is trusted: its session starts (never in an ended conversation).</summary>
public sealed record AdmitSession(SessionSpec Spec);

/// <summary>A member's introduction waits for /trust (its key changed): sending says so, and the conversation does not end for want of it.</summary>
public sealed record MemberBlocked(Uid Peer);

/// <summary>The CA revoked this certificate of <paramref name="Peer"/>: its sessions stop at once. Answered with <see cref="SessionsEnded"/>.</summary>
public sealed record EndSessionsWith(Uid Peer, string Serial, string Reason);

public sealed record SessionsEnded(int Count);

/// <summary>The unexpired history, answered with <see cref="HistoryPart"/>.</summary>
public sealed record ListHistory
{
    public static readonly ListHistory Instance = new();

    private ListHistory() { }
}

public sealed record HistoryPart(ImmutableArray<MessageReceived> Messages);

/// <summary>The node shuts down: every session says Bye. Answered with <see cref="Akka.Done"/> once all have stopped.</summary>
public sealed record CloseSessions
{
    public static readonly CloseSessions Instance = new();

    private CloseSessions() { }
}

/// <summary>How many messages still wait for a member to acknowledge them; answered with <see cref="WaitingCount"/>.</summary>
public sealed record CountWaiting
{
    public static readonly CountWaiting Instance = new();

    private CountWaiting() { }
}

public sealed record WaitingCount(int Count);

/// <summary>The user quit: every message still waiting is reported `undelivered` with <paramref name="Reason"/>; answered with <see cref="Akka.Done"/>.</summary>
public sealed record ReportWaitingLost(string Reason);

/// <summary>Conversation -> node: nobody else is left; no introduction may reopen it.</summary>
public sealed record ConversationOver(ConversationId Conversation);

/// <summary>
/// Conversation -> node -> admission: messages wait for <paramref name="Peer"/> and its link is gone;
/// ask the directory to say when it registers again (<see cref="Messages.Directory.WatchPresence"/>).
/// </summary>
public sealed record WatchMember(ConversationId Conversation, Uid Peer);

/// <summary>Admission -> node -> every conversation: the directory says <paramref name="Peer"/> registered again (a hint, nothing more).</summary>
public sealed record MemberOnline(Uid Peer);

/// <summary>
/// Conversation -> node -> admission: <paramref name="Peer"/> is online again but its link is not back
/// (its program restarted without the conversation): propose the conversation to it again, saying
/// how many messages wait. It joins only if its user accepts.
/// </summary>
public sealed record ReproposeMember(ConversationId Conversation, Uid Peer, int Waiting);

/// <summary>Admission -> node -> conversation: <paramref name="Peer"/>'s user declined the re-proposal; what waits for it is `undelivered`.</summary>
public sealed record RejoinDeclined(ConversationId Conversation, Uid Peer, string Reason);
