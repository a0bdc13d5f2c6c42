using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`proposal`: someone invites this user.</summary>
public sealed record ProposalArrived(ConversationId Conversation, Uid From, ImmutableArray<Uid> Members) : IPeerEvent;
