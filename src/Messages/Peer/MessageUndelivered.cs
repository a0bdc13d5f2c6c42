using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`undelivered`: the message will not reach that member, and why.</summary>
public sealed record MessageUndelivered(ConversationId Conversation, string Id, Uid Peer, string Reason) : IPeerEvent;
