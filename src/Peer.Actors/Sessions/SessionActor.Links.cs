using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Session;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Sessions;

/// Dialing, the handshake on either side, a newer link replacing the current one, and dropping a link.
public sealed partial class SessionActor
{
    private void Dial()
    {
        if (!Context.Child(ConnectionName).IsNobody())
        {
            // The old link actor has not terminated yet; its name is still taken.
            _redialDue = true;
            return;
        }
        _redialDue = false;
        Passed(HandshakePhase.DialStarted);
        _generation++;
        _connection = Context.ActorOf(_spec.LinkFactory.Dial(_spec.PeerEndpoint!, Self, _spec.HandshakeTimeout), ConnectionName);
        _connectionIsChild = true;
        Context.Watch(_connection);
        _dialerHandshake = new DialerHandshake(HandshakePeer(), _signer, _spec.KeySource);
        // The dialer speaks first, at once; the link queues the Hello until TCP is connected.
        _connection.Tell(new SendFrame(_dialerHandshake.HelloFrame));
        Passed(HandshakePhase.HelloSent);
        StartHandshakeTimer();
        _log.Info("dialing {0} at {1} (attempt {2})", _spec.Peer, _spec.PeerEndpoint, _attempt + 1);
        Become(DialerHandshaking);
    }

    private void OnRedial()
    {
        if (_connection is null && _spec.Dialer) Dial();
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_connection))
        {
            DropLink("link actor stopped");
            return;
        }
        if (terminated.ActorRef.Equals(_candidate))
        {
            DropCandidate("link actor stopped");
            return;
        }
        if (_redialDue && _connection is null) Dial();
    }

    private void OnHelloReply(Frame frame)
    {
        if (frame.Type != FrameType.HelloReply)
        {
            DropLink($"protocol violation: {frame.Type} while waiting for HelloReply");
            return;
        }
        Passed(HandshakePhase.ReplyReceived);
        if (!_dialerHandshake!.TryComplete(frame.Body, out var ratchet, out var error))
        {
            _log.Warning("HelloReply from {0} refused: {1}", _spec.Peer, error);
            DropLink($"handshake failed: {error}");
            return;
        }
        _dialerHandshake.Dispose();
        _dialerHandshake = null;
        _cipher = Adopt(ratchet);
        // Signal's Alice speaks first so that the listener gets a receiving chain and can answer.
        Send(ReadyPayload.Instance);
        Passed(HandshakePhase.ReadySent);
        LinkUp();
    }

    private void OnInboundHello(InboundHello inbound)
    {
        if (_spec.Dialer || inbound.Conversation != _spec.Conversation || inbound.From != _spec.Peer || inbound.Hello.Type != FrameType.Hello)
        {
            Refuse(inbound, _spec.Dialer ? "this side dials, it does not accept links" : "Hello for another conversation or sender");
            return;
        }
        Passed(HandshakePhase.HelloReceived);
        var handshake = new ListenerHandshake(HandshakePeer(), _signer, _spec.KeySource);
        if (!handshake.TryAccept(inbound.Hello.Body, out var replyFrame, out var ratchet, out var error))
        {
            Refuse(inbound, $"handshake failed: {error}");
            return;
        }
        if (_established)
        {
            HoldCandidate(inbound.Connection, replyFrame, Adopt(ratchet));
            return;
        }
        // Not up yet: a newer verified Hello means the dialer gave up on the half-done link.
        if (_connection is not null) DropLink("replaced by a newer Hello from the peer");

        _generation++;
        _connection = inbound.Connection;
        _connectionIsChild = false;
        Context.Watch(_connection);
        _connection.Tell(new AssignOwner(Self));
        _connection.Tell(new SendFrame(replyFrame));
        Passed(HandshakePhase.ReplySent);
        _cipher = Adopt(ratchet);
        StartHandshakeTimer();
        _log.Info("Hello from {0} verified, waiting for Ready", _spec.Peer);
        Become(ListenerHandshaking);
    }

    /// The dialer believes our current link is gone (it redialed), or someone replays its Hello. Only
    /// the real dialer can finish the handshake, so the current link stays until Ready opens here.
    private void HoldCandidate(IActorRef link, byte[] replyFrame, ILinkCipher cipher)
    {
        if (_candidate is not null) DropCandidate("replaced by a newer Hello from the peer");
        _candidate = link;
        _candidateCipher = cipher;
        Context.Watch(link);
        link.Tell(new AssignOwner(Self));
        link.Tell(new SendFrame(replyFrame));
        Timers.StartSingleTimer(CandidateTimerKey.Instance, new CandidateTimedOut(_generation), _spec.HandshakeTimeout);
        _log.Info("a new link from {0} verified its Hello; the current link stays until it is Ready", _spec.Peer);
    }

    private void OnCandidateFrame(Frame frame)
    {
        if (frame.Type != FrameType.Sealed)
        {
            DropCandidate($"protocol violation: {frame.Type} before Ready");
            return;
        }
        if (!TryOpenWith(_candidateCipher!, frame, out var payload, out var failure, out var reason))
        {
            if (failure == OpenFailure.None) DropCandidate("protocol violation: first payload is not Ready");
            else if (failure == OpenFailure.Faulted)
                _log.Error("opening a frame on the new link from {0} threw {1}; the frame is dropped", _spec.Peer, reason);
            else
            {
                _log.Warning("a frame on the new link from {0} failed to open ({1}); {2} on that link", _spec.Peer, failure, _candidateCipher!.FailedOpens);
                if (_candidateCipher.TooManyFailedOpens) DropCandidate($"{_candidateCipher.FailedOpens} frames failed to open");
            }
            return;
        }
        if (payload is not ReadyPayload)
        {
            DropCandidate("protocol violation: first payload is not Ready");
            return;
        }

        var link = _candidate!;
        var cipher = _candidateCipher;
        _candidate = null;
        _candidateCipher = null;
        Timers.Cancel(CandidateTimerKey.Instance);
        RetireLink("replaced by a new link from the peer");
        _generation++;
        _connection = link;
        _connectionIsChild = false;
        _cipher = cipher;
        LinkUp();
    }

    private void DropCandidate(string reason)
    {
        if (_candidate is null) return;
        _log.Warning("new link {0} from {1} closed before Ready: {2}", _candidate.Path, _spec.Peer, reason);
        Context.Unwatch(_candidate);
        _candidate.Tell(new CloseLink(reason));
        _candidate = null;
        _candidateCipher?.Dispose();
        _candidateCipher = null;
        Timers.Cancel(CandidateTimerKey.Instance);
    }

    private void Refuse(InboundHello inbound, string reason)
    {
        _log.Warning("inbound link {0} refused: {1}", inbound.Connection.Path, reason);
        inbound.Connection.Tell(new RefuseLink(reason));
    }

    /// The listener's first payload that opens must be Ready; frames that fail to open are counted.
    private void OnFirstSealed(Frame frame)
    {
        Passed(HandshakePhase.ReadyReceived);
        if (!TryOpen(frame, out var payload)) return;
        if (payload is not ReadyPayload)
        {
            DropLink($"protocol violation: first payload is {payload?.Kind.ToString() ?? "unreadable"}, not Ready");
            return;
        }
        LinkUp();
    }

    private void LinkUp()
    {
        Timers.Cancel(HandshakeTimerKey.Instance);
        Timers.Cancel(GiveUp.Instance);
        _established = true;
        _attempt = 0;
        if (!_connectionIsChild) _connection!.Tell(LinkAuthenticated.Instance);
        _log.Info("link with {0} is up; resending {1} unacked message(s)", _spec.Peer, _outbox.Count);
        Context.Parent.Tell(new SessionEstablished(_spec.Conversation, _spec.Peer));
        ResetWindow();
        foreach (var id in _outbox.Keys) _toSend.Enqueue(id);
        Pump();
        Become(Established);
    }

    /// Ends the current link (if any) and goes back to waiting: the dialer redials after a backoff; a
    /// listener holding a newer verified link goes on with that one's handshake.
    private void DropLink(string reason)
    {
        RetireLink(reason);
        if (_candidate is not null)
        {
            _connection = _candidate;
            _connectionIsChild = false;
            _cipher = _candidateCipher;
            _candidate = null;
            _candidateCipher = null;
            Timers.Cancel(CandidateTimerKey.Instance);
            _generation++;
            StartHandshakeTimer();
            ArmGiveUp();
            Become(ListenerHandshaking);
            return;
        }
        ArmGiveUp();
        if (_spec.Dialer)
        {
            var delay = _backoff.Delay(++_attempt);
            _log.Info("redialing {0} in {1:0} ms", _spec.Peer, delay.TotalMilliseconds);
            Timers.StartSingleTimer(Redial.Instance, Redial.Instance, delay);
        }
        Become(AwaitingLink);
    }

    /// Closes the current link and forgets its ratchet; tells the parent if it was up.
    private void RetireLink(string reason)
    {
        var wasUp = _established;
        var link = _connection;
        _connection = null;
        _established = false;
        _pendingAcks.Clear();
        ResetWindow();
        _cipher?.Dispose();
        _cipher = null;
        _dialerHandshake?.Dispose();
        _dialerHandshake = null;
        Timers.Cancel(HandshakeTimerKey.Instance);
        if (link is not null)
        {
            // Our own child stays watched: its Terminated frees the name `connection` for a redial.
            if (_connectionIsChild) Context.Stop(link);
            else
            {
                Context.Unwatch(link);
                link.Tell(new CloseLink(reason));
            }
        }

        if (wasUp)
        {
            _log.Warning("link with {0} lost: {1}", _spec.Peer, reason);
            Context.Parent.Tell(new SessionLinkLost(_spec.Conversation, _spec.Peer, reason));
        }
        else
        {
            _log.Warning("link with {0} failed before the handshake ended: {1}", _spec.Peer, reason);
        }
    }

    /// A new link's ratchet, with the spec's receipt deferral, behind the cipher the link will use.
    private ILinkCipher Adopt(DoubleRatchet ratchet)
    {
        ratchet.Deferral = _spec.ReceiptDeferral;
        return _spec.CipherFor(ratchet);
    }

    private void Passed(HandshakePhase phase) => _spec.PhaseObserver?.Invoke(phase);

    private void StartHandshakeTimer() =>
        Timers.StartSingleTimer(HandshakeTimerKey.Instance, new HandshakeTimedOut(_generation), _spec.HandshakeTimeout);

    private HandshakePeer HandshakePeer() => new(_conversationBytes, _spec.Me.Uid.Value, _spec.Peer.Value, _peerKey);
}
