using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Everyone accepted: here is one other member, its certificate and P2P endpoint. Sent for every pair;
/// <see cref="Dialer"/> says whether the receiving peer opens the link (its UID sorts first).
/// </summary>
public sealed record Introduction(ConversationId Conversation, Uid Peer, ImmutableArray<byte> PeerCertificateDer, PeerEndpoint PeerEndpoint, bool Dialer, ImmutableArray<Uid> Members) : IDirectoryMessage;
