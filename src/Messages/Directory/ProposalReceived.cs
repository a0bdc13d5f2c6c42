using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Someone invites this peer into a conversation. Wire 1.4 (manifest <c>prec2</c>): <see cref="Waiting"/>
/// says how many messages its sender holds for this peer (a re-proposal); 0 is written as 1.0 <c>prec</c>.
/// </summary>
public sealed record ProposalReceived(ConversationId Conversation, Uid From, ImmutableArray<Uid> Members, ImmutableArray<byte> FromCertificateDer) : IDirectoryMessage
{
    /// <summary>How many messages the proposer says wait for this peer (a claim: shown, never trusted for anything else).</summary>
    public int Waiting { get; init; }
}
