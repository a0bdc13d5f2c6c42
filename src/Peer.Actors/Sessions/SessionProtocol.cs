using System.Text;
using Akka.Actor;
using Encryptio.Messages;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Sessions;

// The session protocol: what a session and its conversation (and the listener, for InboundHello)
// tell each other inside one process. None of it crosses Akka.Remote or the P2P wire.

/// <summary>SessionActor -> ConversationActor: the peer acked these messages (one Ack frame's ids; unknown or repeated ids are the conversation's to ignore).</summary>
public sealed record ChatsAcknowledged(ConversationId Conversation, Uid Peer, IReadOnlyList<MessageId> Ids);

/// <summary>SessionActor -> ConversationActor: a chat message opened (every time it arrives: the conversation shows each id once).</summary>
public sealed record ChatArrived(ConversationId Conversation, Uid From, MessageId Id, string Text, DateTimeOffset SentAt, TimeSpan Ttl)
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Conversation = {Conversation}, From = {From}, Id = {Id}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}, Ttl = {Ttl}");
        return true;
    }
}

/// <summary>ConversationActor -> SessionActor: the user left; say Bye, then stop.</summary>
public sealed record CloseSession(string Reason);

/// <summary>
/// ListenerActor -> ConversationActor -> SessionActor: an inbound link whose first frame is a well-formed
/// Hello for this conversation and sender. The session verifies it and takes the connection over.
/// </summary>
public sealed record InboundHello(ConversationId Conversation, Uid From, IActorRef Connection, Frame Hello)
{
    /// The link came through the directory's relay (`connected` then reports path "relay").
    public bool Relayed { get; init; }
}

/// <summary>
/// ConversationActor -> SessionActor: seal this chat message onto the link that is up. A session with
/// no link drops it: the conversation holds every unacked message and hands them all to the session
/// again when it reports the next link (<see cref="SessionEstablished"/>).
/// </summary>
public sealed record SendChat(MessageId Id, ChatText Text, DateTimeOffset SentAt, MessageTtl Ttl)
{
    /// When the sender stops trying: its TTL, counted from when it was sent.
    public DateTimeOffset ExpiresAt => SentAt + Ttl.Span;

    /// The payload that carries it, the same on every link it is sent on.
    public ChatPayload Payload() => new(Id, SentAt.ToUnixTimeMilliseconds(), Ttl.Seconds, Text.Value);
}

/// <summary>SessionActor -> ConversationActor: the session is over (the peer said Bye, or it was closed); the actor stops.</summary>
public sealed record SessionEnded(ConversationId Conversation, Uid Peer, string Reason);

/// <summary>SessionActor -> ConversationActor: the handshake finished and the ratchet is up.</summary>
public sealed record SessionEstablished(ConversationId Conversation, Uid Peer)
{
    /// Through the directory's relay rather than a direct link.
    public bool Relayed { get; init; }
}

/// <summary>SessionActor -> ConversationActor: the link dropped; the session redials (dialer) or waits (listener).</summary>
public sealed record SessionLinkLost(ConversationId Conversation, Uid Peer, string Reason);

/// <summary>Node -> session: the directory gave this pair a fresh relay token (wire 1.6); a dialer redials with it.</summary>
public sealed record RelayRenewedForSession(Messages.Directory.RelayOffer Relay);

/// <summary>Session timer: ask for a fresh relay token while the link is down.</summary>
public sealed record AskFreshRelay
{
    public static readonly AskFreshRelay Instance = new();

    private AskFreshRelay() { }
}
