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

/// <summary>Conversation -> node: nobody else is left; no introduction may reopen it.</summary>
public sealed record ConversationOver(ConversationId Conversation);
