using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Everyone accepted: here is one other member, its certificate and P2P endpoint. Sent for every pair;
/// <see cref="Dialer"/> says whether the receiving peer opens the link (its UID sorts first).
/// <para>
/// Wire 1.3 (manifest <c>intro2</c>): <see cref="Relay"/> offers a relay and a token for the pair,
/// and <see cref="PeerEndpoint"/> is null when either member asked to be reached only through the
/// relay (docs/protocol.md, "Relay"). Without a relay and with an endpoint it is written as 1.0 <c>intro</c>.
/// </para>
/// </summary>
public sealed record Introduction(ConversationId Conversation, Uid Peer, ImmutableArray<byte> PeerCertificateDer, PeerEndpoint? PeerEndpoint, bool Dialer, ImmutableArray<Uid> Members) : IDirectoryMessage
{
    public RelayOffer? Relay { get; init; }
}
