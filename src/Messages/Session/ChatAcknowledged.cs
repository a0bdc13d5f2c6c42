using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: the peer acked this message.</summary>
public sealed record ChatAcknowledged(ConversationId Conversation, Uid Peer, MessageId Id);
