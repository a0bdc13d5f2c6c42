using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`expired`: the message's TTL ended and its text was dropped from the history (freed, not wiped).</summary>
public sealed record MessageExpired(ConversationId Conversation, string Id) : IPeerEvent;
