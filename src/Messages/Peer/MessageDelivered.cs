using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`delivered`: the member acknowledged the message.</summary>
public sealed record MessageDelivered(ConversationId Conversation, string Id, Uid Peer) : IPeerEvent;
