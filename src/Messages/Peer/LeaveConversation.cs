using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`leave`: end this side of a conversation.</summary>
public sealed record LeaveConversation(ConversationId Conversation) : IPeerCommand;
