using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>
/// ListenerActor -> PeerActor -> SessionActor: an inbound link whose first frame is a well-formed
/// Hello for this conversation and sender. The session verifies it and takes the connection over.
/// </summary>
public sealed record InboundHello(ConversationId Conversation, Uid From, IActorRef Connection, Frame Hello);
