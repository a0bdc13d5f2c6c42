using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>PeerActor -> SessionActor: the user left; say Bye, report what is unacked, stop.</summary>
public sealed record CloseSession(string Reason);
