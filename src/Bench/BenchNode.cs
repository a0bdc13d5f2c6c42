using Akka.Actor;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Link;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// Plays the PeerActor for the session figures (no directory): owns a real ListenerActor and the
/// sessions (or conversations, each running its session) it is told to start, routes each InboundHello
/// to the conversation or session it names, and forwards every other event (SessionEstablished,
/// ChatArrived, ChatsAcknowledged, a conversation's user events, ...) to its current sink.
/// </summary>
public sealed class BenchNode : ReceiveActor
{
    /// <summary>Start a session; <paramref name="First"/> (if any) is handed to it as soon as it reports its link, as a conversation does.</summary>
    public sealed record StartSession(SessionSpec Spec, SendChat? First = null);

    public sealed record SessionStarted(IActorRef Session);

    /// <summary>Start a conversation of the spec's two members, its session admitted at once; answered with SessionStarted (the conversation).</summary>
    public sealed record StartConversation(SessionSpec Spec);

    /// <summary>From now on, events go to <paramref name="Sink"/>.</summary>
    public sealed record Retarget(IActorRef Sink);

    /// <summary>Stop every session (the listener stays).</summary>
    public sealed record StopSessions
    {
        public static readonly StopSessions Instance = new();
    }

    /// <summary>From now on, stamp each InboundHello's arrival here (null: stop).</summary>
    public sealed record Observe(PhaseRecorder? Recorder);

    private IActorRef _sink;
    private PhaseRecorder? _recorder;

    public static Props Props(IActorRef sink) => Akka.Actor.Props.Create(() => new BenchNode(sink));

    public BenchNode(IActorRef sink)
    {
        _sink = sink;
        var listener = Context.ActorOf(ListenerActor.Props("127.0.0.1", 0), "listener");
        var firsts = new Dictionary<IActorRef, SendChat>();
        Receive<StartSession>(start =>
        {
            var session = Context.ActorOf(SessionActor.Props(start.Spec), start.Spec.ActorName);
            if (start.First is not null) firsts[session] = start.First;
            Sender.Tell(new SessionStarted(session));
        });
        Receive<StartConversation>(start =>
        {
            var spec = start.Spec;
            // Its events come here and go on to the sink: the node's console, in the bench's terms.
            var conversation = Context.ActorOf(ConversationActor.Props(spec.Conversation, [spec.Me.Uid, spec.Peer], spec.Me.Uid,
                new EventSink(Self, null), new DeliverySettings()), ConversationActor.NameFor(spec.Conversation));
            conversation.Tell(new AdmitSession(spec));
            Sender.Tell(new SessionStarted(conversation));
        });
        Receive<Observe>(observe => _recorder = observe.Recorder);
        // The listening member of a relayed pair waits at the relay, as the PeerActor has its listener do.
        Receive<AwaitRelayed>(awaiting => listener.Forward(awaiting));
        Receive<InboundHello>(hello =>
        {
            _recorder?.Record(PhaseRecorder.Phase.HelloAtListenerNode);
            var conversation = Context.Child(ConversationActor.NameFor(hello.Conversation));
            if (!conversation.IsNobody())
            {
                conversation.Forward(hello);
                return;
            }
            var session = Context.Child(SessionSpec.ActorNameFor(hello.Conversation, hello.From));
            if (session.IsNobody()) hello.Connection.Tell(new RefuseLink($"no session for {hello.Conversation}"));
            else session.Forward(hello);
        });
        Receive<Retarget>(r => _sink = r.Sink);
        Receive<SessionEstablished>(established =>
        {
            if (firsts.Remove(Sender, out var first)) Sender.Tell(first);
            _sink.Forward(established);
        });
        Receive<StopSessions>(_ =>
        {
            foreach (var child in Context.GetChildren().Where(c => !c.Equals(listener))) Context.Stop(child);
            firsts.Clear();
        });
        ReceiveAny(message => _sink.Forward(message));
    }
}
