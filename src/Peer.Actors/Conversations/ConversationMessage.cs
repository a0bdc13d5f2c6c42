using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Conversations;

/// <summary>One message of a conversation's history, held in memory only until it expires.</summary>
public sealed record ConversationMessage(MessageId Id, Uid From, string Text, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);
