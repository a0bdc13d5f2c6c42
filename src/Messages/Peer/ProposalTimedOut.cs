using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`proposal-expired`.</summary>
public sealed record ProposalTimedOut(ConversationId Conversation) : IPeerEvent;
