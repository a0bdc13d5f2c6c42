using Akka.Actor;
using Akka.Event;
using Encryptio.Peer.Link;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// The session children of one conversation, by the member each runs with, and why each that said
/// so ended (its Terminated comes next and may end the conversation). A member has one current
/// session; one it replaced (the member came back after a restart, <see cref="Replace"/>) is retired:
/// it is stopping, and nothing it still says or its end counts for the member. Not an actor: it
/// starts, watches and stops children through its conversation actor's context, during that actor's turn.
/// </summary>
internal sealed class SessionRoster(IActorContext context)
{
    private readonly Dictionary<IActorRef, Uid> _sessions = new();
    private readonly Dictionary<Uid, IActorRef> _current = new();
    private readonly Dictionary<IActorRef, string> _endReasons = new();
    private readonly HashSet<IActorRef> _retired = new();
    // Replacements get names of their own: the retired session keeps its name until it has stopped.
    private long _replacements;

    public int Count => _sessions.Count;

    public IEnumerable<IActorRef> All => _sessions.Keys;

    public bool Has(IActorRef session) => _sessions.ContainsKey(session);

    /// <summary>A session this roster replaced: stopping, and no longer the member's.</summary>
    public bool IsRetired(IActorRef session) => _retired.Contains(session);

    /// <summary>The member's current session, or null.</summary>
    public IActorRef? For(Uid peer) => _current.GetValueOrDefault(peer);

    /// <summary>Starts and watches the member's session, unless it runs already.</summary>
    public void Start(SessionSpec spec)
    {
        if (_current.ContainsKey(spec.Peer) || !context.Child(spec.ActorName).IsNobody()) return;
        Run(spec, spec.ActorName);
    }

    /// <summary>
    /// The member was introduced again (it came back without the conversation): its current session
    /// is stopped, without its end counting as the member's, and a new one starts under a new name.
    /// False when the member has no session to replace.
    /// </summary>
    public bool Replace(SessionSpec spec)
    {
        if (!_current.TryGetValue(spec.Peer, out var old)) return false;
        _retired.Add(old);
        context.Stop(old);
        Run(spec, $"{spec.ActorName}-{++_replacements}");
        return true;
    }

    private void Run(SessionSpec spec, string name)
    {
        var session = context.Watch(context.ActorOf(SessionActor.Props(spec), name));
        _sessions[session] = spec.Peer;
        _current[spec.Peer] = session;
    }

    /// <summary>An inbound link for a member: to its session, which verifies the Hello and takes the link over; refused when it has none.</summary>
    public void HandOver(InboundHello hello, ILoggingAdapter log)
    {
        if (_current.TryGetValue(hello.From, out var session)) session.Forward(hello);
        else Refuse(hello, log);
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

    /// <summary>
    /// A watched session stopped: its member, why it said it ended (null: it failed without a word),
    /// and whether it was retired (replaced: its end is not the member's).
    /// </summary>
    public (Uid Peer, string? EndReason, bool Retired) Stopped(IActorRef session)
    {
        _sessions.Remove(session, out var peer);
        _endReasons.Remove(session, out var reason);
        var retired = _retired.Remove(session);
        if (!retired && _current.TryGetValue(peer!, out var current) && current.Equals(session)) _current.Remove(peer!);
        return (peer!, reason, retired);
    }
}
