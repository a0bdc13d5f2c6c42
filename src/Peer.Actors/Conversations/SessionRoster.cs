using Akka.Actor;
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
