using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`declined`.</summary>
public sealed record ConversationDeclined(ConversationId Conversation, Uid By, string Reason) : IPeerEvent;
