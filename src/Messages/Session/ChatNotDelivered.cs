using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: this message will not reach the peer (TTL passed, peer left, session stopped).</summary>
public sealed record ChatNotDelivered(ConversationId Conversation, Uid Peer, MessageId Id, string Reason);
