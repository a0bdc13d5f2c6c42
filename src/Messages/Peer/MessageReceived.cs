using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`message`.</summary>
public sealed record MessageReceived(ConversationId Conversation, Uid From, string Id, string Text, DateTimeOffset SentAt) : IPeerEvent;
