using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`connected`: the encrypted link with a member is up.</summary>
public sealed record ConversationConnected(ConversationId Conversation, Uid Peer) : IPeerEvent;
