using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`history`: the unexpired messages of a conversation (or all).</summary>
public sealed record ShowHistory(ConversationId? Conversation) : IPeerCommand;
