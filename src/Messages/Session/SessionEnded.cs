using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: the session is over (the peer said Bye, or it was closed); the actor stops.</summary>
public sealed record SessionEnded(ConversationId Conversation, Uid Peer, string Reason);
