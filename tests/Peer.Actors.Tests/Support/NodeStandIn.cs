using Akka.Actor;
using Encryptio.Peer.Link;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// Plays the PeerActor for link and session specs: owns a real ListenerActor and the sessions it is
/// told to start, routes each InboundHello to the session named by it (or refuses the link as the
/// PeerActor does), and forwards everything its children report to a probe.
internal sealed class NodeStandIn : ReceiveActor
{
    public sealed record StartSession(SessionSpec Spec);

    public sealed record SessionStarted(IActorRef Session);

    public static Props Props(IActorRef probe, TimeSpan handshakeTimeout, int maxUnauthenticated = ListenerActor.DefaultMaxUnauthenticated) =>
        Akka.Actor.Props.Create(() => new NodeStandIn(probe, handshakeTimeout, maxUnauthenticated));

    public NodeStandIn(IActorRef probe, TimeSpan handshakeTimeout, int maxUnauthenticated)
    {
        Context.ActorOf(ListenerActor.Props("127.0.0.1", 0, handshakeTimeout, maxUnauthenticated), "listener");
        Receive<StartSession>(start =>
            Sender.Tell(new SessionStarted(Context.ActorOf(SessionActor.Props(start.Spec), start.Spec.ActorName))));
        Receive<InboundHello>(hello =>
        {
            var session = Context.Child(SessionSpec.ActorNameFor(hello.Conversation, hello.From));
            if (session.IsNobody()) hello.Connection.Tell(new RefuseLink($"no session for {hello.Conversation} with {hello.From}"));
            else session.Forward(hello);
        });
        ReceiveAny(message => probe.Forward(message));
    }

    /// As the PeerActor does: a session that throws is stopped, never restarted with a fresh state
    /// (a restart would hide a session lost to one bad frame behind a quiet redial).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
