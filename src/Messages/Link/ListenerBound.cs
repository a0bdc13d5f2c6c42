using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Link;

/// <summary>The P2P listener is bound: this is the endpoint it accepts links on.</summary>
public sealed record ListenerBound(PeerEndpoint Endpoint);
