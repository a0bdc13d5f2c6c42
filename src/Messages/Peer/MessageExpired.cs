using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`expired`: the message's TTL ended and its text was erased.</summary>
public sealed record MessageExpired(ConversationId Conversation, string Id) : IPeerEvent;
