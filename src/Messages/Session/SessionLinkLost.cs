using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: the link dropped; the session redials (dialer) or waits (listener).</summary>
public sealed record SessionLinkLost(ConversationId Conversation, Uid Peer, string Reason);
