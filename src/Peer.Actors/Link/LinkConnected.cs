using System.Net;

namespace Encryptio.Peer.Link;

/// <summary>ConnectionActor -> its owner: an outbound link's TCP connect succeeded.</summary>
public sealed record LinkConnected(EndPoint Remote);
