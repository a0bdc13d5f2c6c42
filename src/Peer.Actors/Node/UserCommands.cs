using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Node;

// What the user (the console, a --json script, the demo) asks its node to do: in-process only; the
// --json names that scripts rely on are in Console/JsonCommandParser.cs and docs/protocol.md.

/// <summary>What the user (console, JSON script or demo) asks its peer node to do. Local only.</summary>
public interface IPeerCommand;

/// <summary>`accept`: join a proposed conversation.</summary>
public sealed record AcceptConversation(ConversationId Conversation) : IPeerCommand;

/// <summary>`connect`: propose a conversation with these UIDs.</summary>
public sealed record ConnectTo(ImmutableArray<Uid> Members) : IPeerCommand;

/// <summary>`decline`: refuse a proposed conversation.</summary>
public sealed record DeclineConversation(ConversationId Conversation) : IPeerCommand;

/// <summary>`leave`: end this side of a conversation.</summary>
public sealed record LeaveConversation(ConversationId Conversation) : IPeerCommand;

/// <summary>`who`: ask the directory who is online.</summary>
public sealed record ListOnline : IPeerCommand
{
    public static readonly ListOnline Instance = new();
    private ListOnline() { }
}

/// <summary>
/// `quit`: unregister and shut the node down; whatever still waits for delivery is reported
/// `undelivered`. <see cref="AskFirst"/> (the text console's /quit) quits only when nothing waits,
/// and otherwise says how many messages would be lost (<see cref="QuitHeld"/>) and waits for a second one.
/// </summary>
public sealed record QuitNode : IPeerCommand
{
    public static readonly QuitNode Instance = new(confirmed: true);

    public static readonly QuitNode AskFirst = new(confirmed: false);

    private QuitNode(bool confirmed) => Confirmed = confirmed;

    public bool Confirmed { get; }
}

/// <summary>
/// `send`: a chat message to every member of a conversation, with the TTL the user set (null: the
/// node's). The text was checked where it was typed; it never reaches a log (<see cref="ChatText.ToString"/>).
/// </summary>
public sealed record SendText(ConversationId Conversation, ChatText Text, MessageTtl? Ttl = null) : IPeerCommand;

/// <summary>`ttl`: the lifetime of messages sent from now on.</summary>
public sealed record SetTtl(MessageTtl Ttl) : IPeerCommand;

/// <summary>`history`: the unexpired messages of a conversation (or all).</summary>
public sealed record ShowHistory(ConversationId? Conversation) : IPeerCommand;

/// <summary>`trust`: accept a peer's changed identity key after checking its safety number.</summary>
public sealed record TrustPeer(Uid Peer) : IPeerCommand;

/// <summary>`verify`: compute the safety number with a peer.</summary>
public sealed record VerifyPeer(Uid Peer) : IPeerCommand;
