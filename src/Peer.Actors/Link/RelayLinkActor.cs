using System.Net;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Link;

/// <summary>
/// A P2P link through the directory's relay: the relay preface (<see cref="RelayDial"/>), then the
/// same link protocol as <see cref="ConnectionActor"/> over the TLS stream, so the session's
/// handshake, ratchet and receipts run unchanged end to end (the relay sees only Sealed frames).
/// <para>
/// Dialled (<see cref="Dial"/>): belongs to the dialing session, which hears <see cref="LinkConnected"/>
/// (with <see cref="LinkConnected.Relayed"/>) once the relay has joined both members. Waiting
/// (<see cref="Await"/>): the listening member's end, made by the node's listener; like an accepted
/// TCP link, its first frame (the dialer's Hello) goes to the listener, later frames are held until a
/// session takes it (<see cref="AssignOwner"/>), and it closes unless <see cref="LinkAuthenticated"/>
/// comes within the deadline counted from the splice.
/// </para>
/// States: Joining -> Open; the byte pumps run off the actor (<see cref="StreamPump"/>) and report back as messages.
/// </summary>
public sealed class RelayLinkActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FrameDecoder _decoder = new();
    private readonly List<Frame> _decoded = new();
    private readonly WriteQueue _queue = new(LinkLimits.MaxQueuedBytes, LinkLimits.MaxWriteBytes);
    private readonly List<Frame> _held = new();
    private readonly RelayOffer _offer;
    private readonly PeerIdentity _me;
    private readonly TimeSpan _timeout;
    private readonly bool _awaiting;
    private readonly CancellationTokenSource _cancel = new();
    private IActorRef _owner;
    private RelayDial.Outcome? _stream;
    private StreamPump? _pump;
    private bool _writing;
    private bool _firstFrameDelivered;
    private bool _ownerAssigned;
    private string? _closingReason;
    private bool _finished;

    public ITimerScheduler Timers { get; set; } = null!;

    /// The dialer's relayed link; <paramref name="timeout"/> bounds reaching the relay and the TLS handshake.
    public static Props Dial(RelayOffer offer, PeerIdentity me, IActorRef owner, TimeSpan timeout) =>
        Props.Create(() => new RelayLinkActor(offer, me, owner, timeout, false));

    /// The listener's relayed link: <paramref name="listener"/> gets its first frame; a session must
    /// authenticate it within <paramref name="ownerDeadline"/> of the splice.
    public static Props Await(RelayOffer offer, PeerIdentity me, IActorRef listener, TimeSpan ownerDeadline) =>
        Props.Create(() => new RelayLinkActor(offer, me, listener, ownerDeadline, true));

    public RelayLinkActor(RelayOffer offer, PeerIdentity me, IActorRef owner, TimeSpan timeout, bool awaiting)
    {
        _offer = offer;
        _me = me;
        _owner = owner;
        _timeout = timeout;
        _awaiting = awaiting;
        Joining();
    }

    protected override void PreStart()
    {
        var token = _offer.Token.ToArray();
        var self = Self;
        var cancel = _cancel.Token;
        // Not PipeTo: once this link is stopped (cancelled) its late news would only be a dead letter.
        // A dialer waits for its partner no longer than a handshake may take, then redials after its
        // backoff; the listener's end waits as long as the relay keeps it (the token's lifetime).
        RelayDial.ConnectAsync(_offer.Endpoint, _me.Certificate, _me.Trust, token, _timeout, cancel, _awaiting ? null : _timeout)
            .ContinueWith(done =>
            {
                var outcome = done.IsCompletedSuccessfully ? done.Result
                    : new RelayDial.Outcome(null, null, [], null, $"relay {_offer.Endpoint}: {done.Exception?.GetBaseException().Message}");
                if (cancel.IsCancellationRequested) outcome.Dispose();
                else self.Tell(outcome);
            }, TaskScheduler.Default);
    }

    protected override void PostStop()
    {
        _cancel.Cancel();
        _stream?.Dispose();
    }

    private void Joining()
    {
        Receive<RelayDial.Outcome>(outcome =>
        {
            if (!outcome.IsSpliced)
            {
                // A listener in fallback mode waits at the relay in case the dialer comes that way: the
                // dialer reaching it directly instead is the good case, not a problem.
                if (_awaiting && outcome.Answer?.Code == Messages.Relay.RelayRefusal.PartnerTimeout)
                    _log.Info("relayed link via {0}: the other member did not come through the relay", _offer.Endpoint);
                else _log.Warning("relayed link via {0}: {1}", _offer.Endpoint, outcome.Failure);
                Finish(outcome.Failure!);
                return;
            }
            _stream = outcome;
            _log.Debug("relayed link via {0} joined", _offer.Endpoint);
            Become(Open);
            if (_awaiting) Timers.StartSingleTimer(OwnerDeadline.Instance, OwnerDeadline.Instance, _timeout);
            else _owner.Tell(new LinkConnected(new DnsEndPoint(_offer.Endpoint.Host, _offer.Endpoint.Port)) { Relayed = true });
            if (outcome.Leftover.Length > 0) OnReceived(outcome.Leftover);
            _pump = new StreamPump(outcome.Tls!, outcome.Socket, Self, _cancel.Token);
            _pump.StartReading();
            if (_closingReason is not null) StartClosing();
            else Flush();
        });
        Receive<SendFrame>(Enqueue);
        Receive<CloseLink>(close => Finish(close.Reason, tellOwner: false));
        Receive<RefuseLink>(refuse => Finish("refused: " + refuse.Reason));
    }

    private void Open()
    {
        Receive<StreamPump.Received>(received => OnReceived(received.Bytes));
        Receive<StreamPump.ReadEnded>(ended => Finish(ended.Reason ?? _closingReason ?? "the peer closed the link"));
        Receive<SendFrame>(frame =>
        {
            if (_closingReason is not null) return; // after Bye nothing follows
            Enqueue(frame);
            Flush();
        });
        Receive<StreamPump.Written>(_ =>
        {
            _writing = false;
            if (!_queue.IsEmpty) Flush();
            else if (_closingReason is not null) StartClosing();
        });
        Receive<StreamPump.WriteFailed>(failed => Finish("write failed: " + failed.Reason));
        Receive<AssignOwner>(assign =>
        {
            _owner = assign.Owner;
            _ownerAssigned = true;
            foreach (var frame in _held) _owner.Tell(new FrameReceived(frame));
            _held.Clear();
        });
        Receive<LinkAuthenticated>(_ => Timers.Cancel(OwnerDeadline.Instance));
        Receive<OwnerDeadline>(_ =>
        {
            _log.Warning("relayed link via {0} closed: handshake not done within the limit", _offer.Endpoint);
            Finish("handshake not done within the limit");
        });
        Receive<CloseLink>(close =>
        {
            if (!close.Graceful)
            {
                Finish(close.Reason, tellOwner: false);
                return;
            }
            _closingReason ??= close.Reason;
            if (!_writing && _queue.IsEmpty) StartClosing();
        });
        Receive<RefuseLink>(refuse =>
        {
            _log.Warning("relayed link via {0} refused: {1}", _offer.Endpoint, refuse.Reason);
            Finish("refused: " + refuse.Reason);
        });
        Receive<LingerOver>(_ => Finish(_closingReason ?? "closed"));
    }

    private void OnReceived(byte[] data)
    {
        var error = _decoder.Feed(data, _decoded);
        foreach (var frame in _decoded) Deliver(frame);
        _decoded.Clear();
        if (error == FrameError.None || _finished) return;
        _log.Warning("relayed link via {0} closed: {1}", _offer.Endpoint, _decoder.ErrorReason);
        Finish(_decoder.ErrorReason!);
    }

    private void Deliver(Frame frame)
    {
        if (_finished) return;
        if (!_awaiting || _ownerAssigned || !_firstFrameDelivered)
        {
            _firstFrameDelivered = true;
            _owner.Tell(new FrameReceived(frame));
            return;
        }
        if (_held.Count >= LinkLimits.MaxHeldFrames)
        {
            Finish("too many frames before the handshake");
            return;
        }
        _held.Add(frame);
    }

    private void Enqueue(SendFrame frame)
    {
        if (_queue.TryEnqueue(frame.Bytes)) return;
        _log.Warning("relayed link via {0}: write queue full ({1} bytes), a frame was not sent", _offer.Endpoint, _queue.QueuedBytes);
        _owner.Tell(new LinkOverloaded(_queue.QueuedBytes, frame.Bytes.Length));
    }

    /// One write in flight; what is queued meanwhile goes out together in the next one.
    private void Flush()
    {
        if (_writing || _pump is null || _queue.IsEmpty) return;
        _writing = true;
        _pump.Write(_queue.TakeWrite());
    }

    /// Bye is written: end our direction (the relay passes the half-close on) and linger for the peer's end.
    private void StartClosing()
    {
        if (Timers.IsTimerActive(LingerOver.Instance)) return;
        _pump!.HalfClose();
        Timers.StartSingleTimer(LingerOver.Instance, LingerOver.Instance, LinkLimits.ByeLinger);
    }

    private void Finish(string reason, bool tellOwner = true)
    {
        if (_finished) return;
        _finished = true;
        if (tellOwner) _owner.Tell(new LinkClosed(reason));
        Context.Stop(Self);
    }

    private sealed class OwnerDeadline
    {
        public static readonly OwnerDeadline Instance = new();
    }

    private sealed class LingerOver
    {
        public static readonly LingerOver Instance = new();
    }
}
