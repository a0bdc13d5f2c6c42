using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Proposes a conversation with these other members (the proposer is implied).
/// <para>
/// Wire 1.4 (manifest <c>prop2</c>): a re-proposal names the <see cref="Conversation"/> it
/// reopens for a member who came back without it (its program restarted), and how many messages
/// wait for that member (<see cref="Waiting"/>). The directory accepts it only from a peer it
/// introduced to every named member in that conversation. Without a conversation it is written as 1.0 <c>prop</c>.
/// </para>
/// </summary>
public sealed record Propose(ImmutableArray<Uid> Members) : IDirectoryMessage
{
    public const int MaxMembers = 16;

    /// <summary>The conversation this re-proposal reopens; null for a new one (the directory draws its id).</summary>
    public ConversationId? Conversation { get; init; }

    /// <summary>Messages that wait for the proposed members (shown to them); 0 for a new conversation.</summary>
    public int Waiting { get; init; }
}
