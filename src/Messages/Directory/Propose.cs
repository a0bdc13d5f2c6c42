using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>Proposes a conversation with these other members (the proposer is implied).</summary>
public sealed record Propose(ImmutableArray<Uid> Members) : IDirectoryMessage
{
    public const int MaxMembers = 16;
}
