using Akka.Actor;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Link;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// Plays the PeerActor for link, session and conversation specs: owns a real ListenerActor and the
/// sessions (or conversations, each running its session) it is told to start, routes each InboundHello
/// to the conversation or session named by it (or refuses the link as the PeerActor does), and forwards
/// everything its children report, and every user event of its conversations, to a probe.
internal sealed class NodeStandIn : ReceiveActor
{
    public sealed record StartSession(SessionSpec Spec);

    public sealed record SessionStarted(IActorRef Session);

    /// A conversation of the spec's two members, its session admitted at once; answered with SessionStarted (the conversation).
    public sealed record StartConversation(SessionSpec Spec, DeliverySettings Delivery);

    public static Props Props(IActorRef probe, TimeSpan handshakeTimeout, int maxUnauthenticated = ListenerActor.DefaultMaxUnauthenticated) =>
        Akka.Actor.Props.Create(() => new NodeStandIn(probe, handshakeTimeout, maxUnauthenticated));

    public NodeStandIn(IActorRef probe, TimeSpan handshakeTimeout, int maxUnauthenticated)
    {
        Context.ActorOf(ListenerActor.Props("127.0.0.1", 0, handshakeTimeout, maxUnauthenticated), "listener");
        Receive<StartSession>(start =>
            Sender.Tell(new SessionStarted(Context.ActorOf(SessionActor.Props(start.Spec), start.Spec.ActorName))));
        Receive<StartConversation>(start =>
        {
            var spec = start.Spec;
            var conversation = Context.ActorOf(ConversationActor.Props(spec.Conversation, [spec.Me.Uid, spec.Peer], spec.Me.Uid,
                new EventSink(probe, null), start.Delivery), ConversationActor.NameFor(spec.Conversation));
            conversation.Tell(new AdmitSession(spec));
            Sender.Tell(new SessionStarted(conversation));
        });
        Receive<InboundHello>(hello =>
        {
            var conversation = Context.Child(ConversationActor.NameFor(hello.Conversation));
            if (!conversation.IsNobody())
            {
                conversation.Forward(hello);
                return;
            }
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
