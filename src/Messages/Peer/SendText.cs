using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`send`: a chat message to every member of a conversation.</summary>
public sealed record SendText(ConversationId Conversation, string Text) : IPeerCommand;
