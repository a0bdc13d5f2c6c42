using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`verify`: compute the safety number with a peer.</summary>
public sealed record VerifyPeer(Uid Peer) : IPeerCommand;
