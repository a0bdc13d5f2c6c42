using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Session;
using Encryptio.Peer.Link;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.Sessions;

/// Saying Bye and ending the session; every unacked message is reported on the way out.
public sealed partial class SessionActor
{
    private void OnCloseSession(CloseSession close)
    {
        _closingReason = close.Reason;
        if (!_established || _connection is null)
        {
            _connection?.Tell(new CloseLink(close.Reason));
            _connection = null;
            Finish(close.Reason);
            return;
        }
        _log.Info("closing ({0}), saying Bye to {1}", close.Reason, _spec.Peer);
        Send(ByePayload.Instance);
        _connection.Tell(new CloseLink(close.Reason, Graceful: true));
        Timers.StartSingleTimer(ByeLingerOver.Instance, ByeLingerOver.Instance, _spec.ByeLinger + TimeSpan.FromMilliseconds(500));
        Become(Closing);
    }

    /// Reports every unacked message (never a silent loss), says the session ended and stops.
    private void Finish(string reason)
    {
        foreach (var id in _outbox.Keys.ToList()) NotDelivered(id, reason);
        _outbox.Clear();
        _log.Info("session with {0} ended: {1}", _spec.Peer, reason);
        Context.Parent.Tell(new SessionEnded(_spec.Conversation, _spec.Peer, reason));
        Context.Stop(Self);
        Become(() => ReceiveAny(_ => { }));
    }
}
