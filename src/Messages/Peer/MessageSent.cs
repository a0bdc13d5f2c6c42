using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`sent`: answer to `send`.</summary>
public sealed record MessageSent(ConversationId Conversation, string Id) : IPeerEvent;
