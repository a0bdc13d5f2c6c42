using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// A member who is away with messages waiting for it may come back with no memory of the
/// conversation (its program restarted): then no link comes back by itself. This node asks the
/// directory to say when that member registers again (once per time away), and when it does while
/// the link is still down, proposes the conversation to it again; its user must accept (issue 14).
/// Not an actor: it works with its conversation's outboxes and tells the node, during the conversation's turn.
/// </summary>
internal sealed class Rejoins(ConversationId conversation, Outboxes outboxes, IActorRef node, ILoggingAdapter log)
{
    // Members the directory was asked to watch since their link was last up.
    private readonly HashSet<Uid> _watched = new();

    /// <summary>After a send or a lost link: every member with messages waiting and no link is watched, once.</summary>
    public void WatchAway()
    {
        if (outboxes.AllLinked) return;
        foreach (var peer in outboxes.AwayWithWaiting())
            if (_watched.Add(peer)) node.Tell(new WatchMember(conversation, peer));
    }

    public void LinkUp(Uid peer) => _watched.Remove(peer);

    public void Gone(Uid peer) => _watched.Remove(peer);

    /// <summary>The member registered again: if its link is not back and messages wait, the conversation is proposed to it again (and it is watched again, should that fail).</summary>
    public void Online(Uid peer)
    {
        var waiting = outboxes.WaitingFor(peer);
        if (waiting == 0) return;
        log.Info("{0} is online again without a link in {1}; proposing the conversation again ({2} message(s) wait)", peer, conversation, waiting);
        node.Tell(new ReproposeMember(conversation, peer, waiting));
        node.Tell(new WatchMember(conversation, peer));
        _watched.Add(peer);
    }
}
