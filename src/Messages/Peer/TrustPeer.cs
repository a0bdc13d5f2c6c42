using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`trust`: accept a peer's changed identity key after checking its safety number.</summary>
public sealed record TrustPeer(Uid Peer) : IPeerCommand;
