using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The proposal is out: the directory drew this conversation id. Members include the proposer.</summary>
public sealed record Proposed(ConversationId Conversation, ImmutableArray<Uid> Members) : IDirectoryMessage;
