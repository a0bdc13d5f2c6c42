using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: a chat message opened (shown once per id).</summary>
public sealed record ChatArrived(ConversationId Conversation, Uid From, MessageId Id, string Text, DateTimeOffset SentAt, TimeSpan Ttl);
