using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`decline`: refuse a proposed conversation.</summary>
public sealed record DeclineConversation(ConversationId Conversation) : IPeerCommand;
