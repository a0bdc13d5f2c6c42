using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`registered`.</summary>
public sealed record RegisteredWithDirectory(Uid Uid, PeerEndpoint Listening, PeerEndpoint Advertised) : IPeerEvent;
