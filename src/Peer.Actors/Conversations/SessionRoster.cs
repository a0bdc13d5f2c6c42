using Akka.Actor;
using Akka.Event;
using Encryptio.Peer.Link;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// The session children of one conversation, by the member each runs with, and why each that said
/// so ended (its Terminated comes next and may end the conversation). Not an actor: it starts,
/// watches and stops children through its conversation actor's context, during that actor's turn.
/// </summary>
internal sealed class SessionRoster(IActorContext context)
{
    private readonly Dictionary<IActorRef, Uid> _sessions = new();
    private readonly Dictionary<IActorRef, string> _endReasons = new();

    public int Count => _sessions.Count;

    public IEnumerable<IActorRef> All => _sessions.Keys;

    public bool Has(IActorRef session) => _sessions.ContainsKey(session);

    /// <summary>Starts and watches the member's session, unless it runs already.</summary>
    public void Start(SessionSpec spec)
    {
        if (!context.Child(spec.ActorName).IsNobody()) return;
        _sessions[context.Watch(context.ActorOf(SessionActor.Props(spec), spec.ActorName))] = spec.Peer;
    }

    /// <summary>An inbound link for a member: to its session, which verifies the Hello and takes the link over; refused when it has none.</summary>
    public void HandOver(InboundHello hello, ILoggingAdapter log)
    {
        var session = context.Child(SessionSpec.ActorNameFor(hello.Conversation, hello.From));
        if (session.IsNobody()) Refuse(hello, log);
        else session.Forward(hello);
    }

    /// <summary>A P2P link whose Hello names no session here is refused, and its claim logged.</summary>
    public static void Refuse(InboundHello hello, ILoggingAdapter log)
    {
        log.Warning("P2P link claiming {0} in conversation {1} refused: no such introduction", hello.From, hello.Conversation);
        hello.Connection.Tell(new RefuseLink($"no conversation {hello.Conversation} with {hello.From}"));
    }

    public void Ending(IActorRef session, string reason) => _endReasons[session] = reason;

    /// <summary>
    /// Stopped, not closed: no Bye and no linger (a stolen key). Each one's Terminated follows, with
    /// <paramref name="reason"/> as its end. Returns the sessions stopped.
    /// </summary>
    public int StopAllWith(Uid peer, string reason)
    {
        var stopped = _sessions.Where(s => s.Value == peer).Select(s => s.Key).ToList();
        foreach (var session in stopped)
        {
            _endReasons[session] = reason;
            context.Stop(session);
        }
        return stopped.Count;
    }

    /// <summary>A watched session stopped: its member, and why it said it ended (null: it failed without a word).</summary>
    public (Uid Peer, string? EndReason) Stopped(IActorRef session)
    {
        _sessions.Remove(session, out var peer);
        _endReasons.Remove(session, out var reason);
        return (peer!, reason);
    }
}
