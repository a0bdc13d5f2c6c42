using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: the handshake finished and the ratchet is up.</summary>
public sealed record SessionEstablished(ConversationId Conversation, Uid Peer);
