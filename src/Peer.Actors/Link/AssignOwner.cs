using Akka.Actor;

namespace Encryptio.Peer.Link;

/// <summary>
/// New owner (the SessionActor that accepted an inbound Hello) -> ConnectionActor: from now on
/// frames and <see cref="LinkClosed"/> go to <paramref name="Owner"/>. Frames that arrived after the
/// Hello while the link was being handed over are delivered first, in order.
/// </summary>
public sealed record AssignOwner(IActorRef Owner);
