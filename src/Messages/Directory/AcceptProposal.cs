using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>This peer joins the proposed conversation.</summary>
public sealed record AcceptProposal(ConversationId Conversation) : IDirectoryMessage;
