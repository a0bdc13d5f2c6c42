using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>Someone invites this peer into a conversation.</summary>
public sealed record ProposalReceived(ConversationId Conversation, Uid From, ImmutableArray<Uid> Members, ImmutableArray<byte> FromCertificateDer) : IDirectoryMessage;
