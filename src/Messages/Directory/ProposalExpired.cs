using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>Not every member answered in time.</summary>
public sealed record ProposalExpired(ConversationId Conversation) : IDirectoryMessage;
