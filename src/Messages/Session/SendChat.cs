using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>PeerActor -> SessionActor: seal this chat message for the session's peer (kept until acked).</summary>
public sealed record SendChat(MessageId Id, string Text, DateTimeOffset SentAt, TimeSpan Ttl);
