using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Link;

/// <summary>
/// One raw P2P link over Akka.IO TCP: cuts the byte stream into frames (the 64 KiB limit is the
/// decoder's), hands each frame to its owner and writes the owner's frames with Write/Ack
/// back-pressure. No crypto and no protocol state beyond framing: a session owns the meaning.
/// <para>
/// Outbound links (<see cref="Dial"/>) belong to the session that dials. Inbound links
/// (<see cref="Accepted"/>) start with the listener as owner: it gets the first frame only; later
/// frames are held until a session takes the link over with <see cref="AssignOwner"/>, or the
/// link is closed when nobody does so in time (an unauthenticated link must not linger).
/// </para>
/// </summary>
public sealed class ConnectionActor : ReceiveActor, IWithTimers
{
    // Its limits (queued bytes, held frames, the linger after Bye) are every link's: LinkLimits.
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Frames cut from the byte stream, and those after an inbound link's Hello, held until a session owns the link.
    private readonly InboundFrames _inbound = new();
    private readonly WriteQueue _queue = new(LinkLimits.MaxQueuedBytes, LinkLimits.MaxWriteBytes);
    private readonly EndPoint _remote;
    private IActorRef _owner;
    // Null before the connect succeeds and once Finish has closed or given up the socket.
    private IActorRef? _tcp;
    private readonly Action _startup;

    public ITimerScheduler Timers { get; set; } = null!;

    /// An outbound link to <paramref name="endpoint"/>; frames go to <paramref name="owner"/>.
    /// Frames sent before the connect succeeds are queued and written once it does.
    public static Props Dial(PeerEndpoint endpoint, IActorRef owner, TimeSpan connectTimeout) =>
        Akka.Actor.Props.Create(() => new ConnectionActor(endpoint, owner, connectTimeout));

    /// An inbound link Akka.IO accepted (<paramref name="tcp"/> is its connection actor). The first
    /// frame goes to <paramref name="firstOwner"/>; a session takes the link with <see cref="AssignOwner"/>
    /// and must send <see cref="LinkAuthenticated"/> within <paramref name="ownerDeadline"/> of the
    /// accept, or the link is closed.
    public static Props Accepted(IActorRef tcp, EndPoint remote, IActorRef firstOwner, TimeSpan ownerDeadline) =>
        Akka.Actor.Props.Create(() => new ConnectionActor(tcp, remote, firstOwner, ownerDeadline));

    public ConnectionActor(PeerEndpoint endpoint, IActorRef owner, TimeSpan connectTimeout)
    {
        _owner = owner;
        _remote = IPAddress.TryParse(endpoint.Host, out var ip)
            ? new IPEndPoint(ip, endpoint.Port)
            : new DnsEndPoint(endpoint.Host, endpoint.Port);
        _startup = () =>
        {
            Context.System.Tcp().Tell(new Tcp.Connect(_remote, options: [TcpKeepAlive.Default], timeout: connectTimeout));
            // Akka.IO's own timeout answers with CommandFailed, unless its connection actor dies first
            // (seen: "Transport endpoint is not connected", then "Restarting not supported"): then
            // nothing answers at all, and without this deadline the link would wait for ever.
            Timers.StartSingleTimer(ConnectDeadline.Instance, ConnectDeadline.Instance, connectTimeout + TimeSpan.FromSeconds(1));
        };
        Connecting();
    }

    public ConnectionActor(IActorRef tcp, EndPoint remote, IActorRef firstOwner, TimeSpan ownerDeadline)
    {
        _owner = firstOwner;
        _remote = remote;
        _tcp = tcp;
        _startup = () =>
        {
            tcp.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false));
            Timers.StartSingleTimer(OwnerDeadline.Instance, OwnerDeadline.Instance, ownerDeadline);
        };
        AwaitingHello();
    }

    // Timers are injected after the constructor, so the first commands go out here.
    protected override void PreStart() => _startup();

    // Stopped from outside (its session stopped, or a supervisor decided): never leave the socket open.
    protected override void PostStop() => _tcp?.Tell(Tcp.Abort.Instance);

    private void Connecting()
    {
        Receive<Tcp.Connected>(connected =>
        {
            Timers.Cancel(ConnectDeadline.Instance);
            _tcp = Sender;
            _tcp.Tell(new Tcp.Register(Self, keepOpenOnPeerClosed: false));
            _log.Debug("P2P link to {0} connected", connected.RemoteAddress);
            _owner.Tell(new LinkConnected(connected.RemoteAddress));
            Become(Owned);
            Flush();
        });
        Receive<Tcp.CommandFailed>(failed => Finish($"cannot connect to {_remote}: {failed.CauseString}", null));
        Receive<ConnectDeadline>(_ => Finish($"cannot connect to {_remote}: no answer from the TCP layer in time", null));
        Receive<SendFrame>(Enqueue);
        Receive<CloseLink>(close => Finish(close.Reason, null, tellOwner: false));
        Receive<RefuseLink>(refuse => Refuse(refuse.Reason));
    }

    /// Inbound, nothing read yet: the first frame (the Hello) goes to the listener, what follows is held.
    private void AwaitingHello()
    {
        Receive<Tcp.Received>(received =>
        {
            var first = true;
            OnReceived(received.Data, frame =>
            {
                if (!first) return Hold(frame);
                first = false;
                _owner.Tell(new FrameReceived(frame));
                Become(AwaitingOwner);
                return true;
            });
        });
        ReceiveOpen();
    }

    /// Inbound, Hello handed on: later frames wait (a few) for the session that takes the link.
    private void AwaitingOwner()
    {
        Receive<Tcp.Received>(received => OnReceived(received.Data, Hold));
        ReceiveOpen();
    }

    /// Connected and owned by its session: every frame goes to the owner.
    private void Owned()
    {
        Receive<Tcp.Received>(received => OnReceived(received.Data, ToOwner));
        ReceiveOpen();
    }

    /// A graceful close (after Bye): the queue drains, then the link half-closes and lingers for the
    /// peer's end of stream. Nothing more is sent; frames still arriving go to the owner.
    private void Closing(string reason)
    {
        Receive<Tcp.Received>(received => OnReceived(received.Data, ToOwner));
        Receive<SendFrame>(_ => { });
        Receive<WriteAck>(_ =>
        {
            _queue.WriteDone();
            if (_queue.IsIdle) Linger();
            else Flush();
        });
        Receive<CloseLink>(close => !close.Graceful, close => Finish(close.Reason, Tcp.Close.Instance, tellOwner: false));
        Receive<CloseLink>(_ => { });
        Receive<LingerOver>(_ => Finish(reason, Tcp.Abort.Instance));
        Receive<Tcp.ConnectionClosed>(closed => Finish(DescribeClosed(closed, reason), null));
        ReceiveFailures();
    }

    private void ReceiveOpen()
    {
        Receive<AssignOwner>(assign =>
        {
            // The deadline keeps running: it ends at LinkAuthenticated, not at the hand-over.
            _owner = assign.Owner;
            foreach (var frame in _inbound.Release()) _owner.Tell(new FrameReceived(frame));
            Become(Owned);
        });
        Receive<SendFrame>(frame => { Enqueue(frame); Flush(); });
        Receive<WriteAck>(_ => { _queue.WriteDone(); Flush(); });
        Receive<CloseLink>(close => !close.Graceful, close => Finish(close.Reason, Tcp.Close.Instance, tellOwner: false));
        Receive<CloseLink>(close =>
        {
            Become(() => Closing(close.Reason));
            if (_queue.IsIdle) Linger();
        });
        Receive<Tcp.ConnectionClosed>(closed => Finish(DescribeClosed(closed, null), null));
        ReceiveFailures();
    }

    private void ReceiveFailures()
    {
        Receive<LinkAuthenticated>(_ => Timers.Cancel(OwnerDeadline.Instance));
        Receive<OwnerDeadline>(_ =>
        {
            _log.Warning("P2P link from {0} closed: handshake not done within the limit", _remote);
            Finish("handshake not done within the limit", Tcp.Close.Instance);
        });
        Receive<RefuseLink>(refuse => Refuse(refuse.Reason));
        Receive<Tcp.CommandFailed>(failed => Finish($"write failed: {failed.CauseString}", Tcp.Abort.Instance));
    }

    /// Decodes and delivers; stops at the first frame whose delivery ended the link.
    private void OnReceived(ByteString data, Func<Frame, bool> deliver)
    {
        if (_inbound.Feed(data.ToArray(), deliver) is not { } error) return;
        _log.Warning("P2P link with {0} closed: {1}", _remote, error);
        Finish(error, Tcp.Close.Instance);
    }

    private bool ToOwner(Frame frame) { _owner.Tell(new FrameReceived(frame)); return true; }

    private bool Hold(Frame frame)
    {
        if (_inbound.Hold(frame)) return true;
        _log.Warning("P2P link with {0} closed: {1} frames before the handshake", _remote, _inbound.HeldCount + 1);
        Finish("too many frames before the handshake", Tcp.Close.Instance);
        return false;
    }

    private void Enqueue(SendFrame frame)
    {
        if (_queue.TryEnqueue(frame.Bytes)) return;
        // Not sent: the owner must know (a session drops the link and resends its outbox later).
        _log.Warning("P2P link with {0}: write queue full ({1} bytes), a frame was not sent", _remote, _queue.QueuedBytes);
        _owner.Tell(new LinkOverloaded(_queue.QueuedBytes, frame.Bytes.Length));
    }

    /// One write in flight: everything queued meanwhile goes out together in the next one.
    private void Flush()
    {
        if (_tcp is not null && _queue.TryStartWrite(out var write))
            _tcp.Tell(Tcp.Write.Create(ByteString.FromBytes(write), WriteAck.Instance));
    }

    /// Bye is written: half-close and give the peer a moment to end its side too.
    private void Linger()
    {
        if (Timers.IsTimerActive(LingerOver.Instance)) return;
        _tcp!.Tell(Tcp.ConfirmedClose.Instance);
        Timers.StartSingleTimer(LingerOver.Instance, LingerOver.Instance, LinkLimits.ByeLinger);
    }

    private void Refuse(string reason)
    {
        _log.Warning("P2P link from {0} refused: {1}", _remote, reason);
        Finish("refused: " + reason, Tcp.Close.Instance);
    }

    /// Tells the owner (unless the owner itself closed the link at once: it has moved on, often
    /// stopped, and the news would be a dead letter), closes the socket (if a command is given) and
    /// stops; called at most once per message, and no message follows a stop.
    private void Finish(string reason, Tcp.Command? command, bool tellOwner = true)
    {
        if (tellOwner) _owner.Tell(new LinkClosed(reason));
        if (command is not null) _tcp?.Tell(command);
        _tcp = null;
        Context.Stop(Self);
    }

    private static string DescribeClosed(Tcp.ConnectionClosed closed, string? closingReason) => closed switch
    {
        Tcp.PeerClosed => closingReason ?? "the peer closed the link",
        Tcp.ErrorClosed error => $"link error: {error.Cause}",
        Tcp.Aborted => "link aborted",
        _ => closingReason ?? "closed",
    };

    private sealed class WriteAck : Tcp.Event { public static readonly WriteAck Instance = new(); }
    private sealed class OwnerDeadline { public static readonly OwnerDeadline Instance = new(); }
    private sealed class ConnectDeadline { public static readonly ConnectDeadline Instance = new(); }
    private sealed class LingerOver { public static readonly LingerOver Instance = new(); }
}
