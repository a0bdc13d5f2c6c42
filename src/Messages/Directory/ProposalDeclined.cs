using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>A member declined (or went offline), so the conversation will not start.</summary>
public sealed record ProposalDeclined(ConversationId Conversation, Uid By, string Reason) : IDirectoryMessage;
