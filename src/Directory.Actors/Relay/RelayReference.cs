using Akka.Actor;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Relay;

/// <summary>The node's relay as the proposals see it: where to send its tokens and the endpoint peers reach it at.</summary>
public sealed record RelayReference(IActorRef Relay, PeerEndpoint Endpoint);
