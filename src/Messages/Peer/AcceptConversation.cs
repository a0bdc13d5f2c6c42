using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`accept`: join a proposed conversation.</summary>
public sealed record AcceptConversation(ConversationId Conversation) : IPeerCommand;
