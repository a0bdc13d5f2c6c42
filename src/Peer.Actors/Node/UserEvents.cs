using System.Collections.Immutable;
using System.Text;
using Encryptio.Messages;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Node;

// What the node tells its user (the console, a --json script, the demo): in-process only; the --json
// names that scripts rely on are in Console/EventJson.cs and docs/protocol.md.

/// <summary>
/// What the peer node tells its user. Each maps to one `--json` event name (see
/// <c>EventJson</c>); those names are a public contract.
/// </summary>
public interface IPeerEvent;

/// <summary>`error`: a one-line explanation, and the command it answers when there is one.</summary>
public sealed record CommandFailed(string Message, string? Command = null, string? Code = null) : IPeerEvent;

/// <summary>`connected`: the encrypted link with a member is up.</summary>
public sealed record ConversationConnected(ConversationId Conversation, Uid Peer) : IPeerEvent
{
    /// `direct` or `relay` (through the directory's relay, which sees only ciphertext).
    public string Path { get; init; } = "direct";
}

/// <summary>`declined`.</summary>
public sealed record ConversationDeclined(ConversationId Conversation, Uid By, string Reason) : IPeerEvent
{
    /// The proposal was this node's re-proposal of a running conversation to a member who came back
    /// without it: the conversation itself goes on (or ends, said by its own event).
    public bool Rejoin { get; init; }
}

/// <summary>
/// `conversation-ended`: nobody else is left in the conversation on this node (they left, or their
/// sessions stopped), so nothing more can be sent to it; the reason is meant for a person.
/// </summary>
public sealed record ConversationEnded(ConversationId Conversation, string Reason) : IPeerEvent;

/// <summary>`directory-unavailable`: registration failed or the directory went away; retrying.</summary>
public sealed record DirectoryUnavailable(string Reason, int Attempt, TimeSpan RetryIn) : IPeerEvent;

/// <summary>`history`: the unexpired messages (text mode prints them; JSON lists them).</summary>
public sealed record HistoryListed(ImmutableArray<MessageReceived> Messages) : IPeerEvent
{
    // Each message says what it is (its own ToString() redacts its text); the count is enough here.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Messages = <{(Messages.IsDefault ? 0 : Messages.Length)} messages>");
        return true;
    }
}

/// <summary>`delivered`: the member acknowledged the message.</summary>
public sealed record MessageDelivered(ConversationId Conversation, string Id, Uid Peer) : IPeerEvent;

/// <summary>
/// `expired`: the message's TTL ended. Without a peer: its text was dropped from the history (freed,
/// not wiped). With one: a message this node sent ended before that member acknowledged it.
/// </summary>
public sealed record MessageExpired(ConversationId Conversation, string Id, Uid? Peer = null) : IPeerEvent;

/// <summary>`pending`: the message waits for that member (its link is down), until it is delivered or its TTL ends.</summary>
public sealed record MessagePending(ConversationId Conversation, string Id, Uid Peer, string Reason) : IPeerEvent;

/// <summary>`message`.</summary>
public sealed record MessageReceived(ConversationId Conversation, Uid From, string Id, string Text, DateTimeOffset SentAt) : IPeerEvent
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Conversation = {Conversation}, From = {From}, Id = {Id}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}");
        return true;
    }
}

/// <summary>`sent`: answer to `send`.</summary>
public sealed record MessageSent(ConversationId Conversation, string Id) : IPeerEvent;

/// <summary>`undelivered`: the message will not reach that member, and why.</summary>
public sealed record MessageUndelivered(ConversationId Conversation, string Id, Uid Peer, string Reason) : IPeerEvent;

/// <summary>`quit-held`: the user asked to quit while messages still wait for delivery; they would be lost.</summary>
public sealed record QuitHeld(int Waiting) : IPeerEvent;

/// <summary>`stopping`: the node is shutting down.</summary>
public sealed record NodeStopping(string Reason) : IPeerEvent;

/// <summary>`online`: answer to `who`.</summary>
public sealed record OnlineListed(ImmutableArray<Uid> Uids) : IPeerEvent;

/// <summary>`disconnected`.</summary>
public sealed record PeerDisconnected(ConversationId Conversation, Uid Peer, string Reason) : IPeerEvent;

/// <summary>`introduced`: the directory introduced a member of a conversation.</summary>
/// <param name="Endpoint">Null when the directory gave no endpoint (a relay-only pair): the link goes through the relay.</param>
public sealed record PeerIntroduced(ConversationId Conversation, Uid Peer, bool Dialer, PeerEndpoint? Endpoint) : IPeerEvent;

/// <summary>`key-changed`.</summary>
public sealed record PeerKeyChanged(Uid Uid) : IPeerEvent;

/// <summary>
/// `key-revoked`: the CA revoked <paramref name="Peer"/>'s certificate (a notice signed by the CA,
/// verified here). One per conversation whose session with that key was ended; with no conversation
/// when none was open (or when <paramref name="Peer"/> is this node's own UID).
/// </summary>
public sealed record PeerKeyRevoked(Uid Peer, string Serial, ConversationId? Conversation) : IPeerEvent;

/// <summary>`proposal`: someone invites this user.</summary>
public sealed record ProposalArrived(ConversationId Conversation, Uid From, ImmutableArray<Uid> Members) : IPeerEvent
{
    /// `waiting`: messages the proposer says it holds for this user (a conversation proposed again after this node restarted); 0 otherwise.
    public int Waiting { get; init; }
}

/// <summary>`proposed`: answer to `connect`.</summary>
public sealed record ProposalSent(ConversationId Conversation, ImmutableArray<Uid> Members) : IPeerEvent;

/// <summary>`proposal-expired`.</summary>
public sealed record ProposalTimedOut(ConversationId Conversation) : IPeerEvent
{
    /// As <see cref="ConversationDeclined.Rejoin"/>: a re-proposal expired; the conversation goes on.
    public bool Rejoin { get; init; }
}

/// <summary>`registered`.</summary>
public sealed record RegisteredWithDirectory(Uid Uid, PeerEndpoint Listening, PeerEndpoint Advertised) : IPeerEvent;

/// <summary>`safety-number`.</summary>
public sealed record SafetyNumberComputed(Uid Uid, string Number) : IPeerEvent;
