using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`proposed`: answer to `connect`.</summary>
public sealed record ProposalSent(ConversationId Conversation, ImmutableArray<Uid> Members) : IPeerEvent;
