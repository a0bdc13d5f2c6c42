using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>This peer refuses the proposed conversation.</summary>
public sealed record DeclineProposal(ConversationId Conversation) : IDirectoryMessage;
