using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Cluster;

/// <summary>
/// What directory nodes say to each other about who is registered where, over the internal cluster
/// system only (mutual TLS that accepts directory certificates alone): never seen by a peer. Serialized
/// by <see cref="Serialization.ClusterSerializer"/>.
/// </summary>
public interface IClusterMessage;

/// <summary>Addressed to the sharded entity of one UID.</summary>
public interface IUidMessage : IClusterMessage
{
    Uid Uid { get; }
}

/// <summary>
/// A node's registry claims <paramref name="Uid"/> for its link number <paramref name="Link"/>.
/// Fresh: a new proof, which supersedes whoever holds the UID. Not fresh: a node re-asserting a
/// registration it already had (after the entity was lost with another node), which wins only if
/// nobody holds the UID, and is itself superseded otherwise.
/// </summary>
public sealed record ClaimUid(Uid Uid, IActorRef Node, long Link, bool Fresh) : IUidMessage;

/// <summary>The registration behind <paramref name="Link"/> of <paramref name="Node"/> ended; ignored unless it is still the holder.</summary>
public sealed record ReleaseUid(Uid Uid, IActorRef Node, long Link) : IUidMessage;

/// <summary>
/// From the UID's entity: the claim of <paramref name="Link"/> holds. A claim sent while its shard moves
/// (a node just left) can be lost, so the node sends it again until it hears this or <see cref="UidSuperseded"/>.
/// </summary>
public sealed record UidClaimed(Uid Uid, long Link) : IClusterMessage;

/// <summary>From the UID's entity to the node whose link lost it to a later registration (also the answer to a losing claim).</summary>
public sealed record UidSuperseded(Uid Uid, long Link) : IClusterMessage;

/// <summary>To the registry of the node holding <paramref name="Uid"/> (by the online index): what a proposal needs to reach it.</summary>
public sealed record DescribeUid(Uid Uid) : IClusterMessage;

/// <summary>
/// The answer to <see cref="DescribeUid"/>: the holder's relay (a cluster actor that passes messages on
/// to the user's PeerLink on that node), its certificate and P2P endpoint.
/// </summary>
public sealed record UidDescribed(Uid Uid, IActorRef Relay, ImmutableArray<byte> CertificateDer, PeerEndpoint Endpoint) : IClusterMessage;

/// <summary>
/// A node registered <paramref name="Uid"/> (a fresh proof), published on the registrations topic so
/// that the presence watches held at every other node hear of it (issue 14).
/// </summary>
public sealed record UidRegistered(Uid Uid) : IClusterMessage;

/// <summary>The answer to <see cref="DescribeUid"/> from a node that no longer holds the UID.</summary>
public sealed record UidNotHere(Uid Uid) : IClusterMessage;

/// <summary>
/// From the node of <paramref name="By"/> (taken from its registered link, never from the peer's words):
/// it asks for a fresh relay token with <paramref name="Peer"/> in <paramref name="Conversation"/> (wire 1.6).
/// Addressed to the pair's sharded meeting point, so the two members' requests meet whatever nodes they
/// are registered at. <paramref name="Link"/> is the member's LinkRelay on its node's cluster system.
/// </summary>
public sealed record WantRelayRenewal(ConversationId Conversation, Uid By, Uid Peer, IActorRef Link) : IClusterMessage;

/// <summary>
/// From a pair's meeting point to the asking node: its <see cref="WantRelayRenewal"/> arrived. A request
/// sent while a dead node's shards are re-homed can be lost, so the node sends it again until it hears this.
/// </summary>
public sealed record RelayRenewalNoted(ConversationId Conversation, Uid By, Uid Peer) : IClusterMessage;
