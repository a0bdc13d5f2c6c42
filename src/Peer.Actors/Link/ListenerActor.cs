using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Encryptio.Runtime.Logging;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Link;

/// <summary>
/// Binds the P2P port with Akka.IO and tells its parent the bound endpoint (or why it could not).
/// Each inbound link gets a <see cref="ConnectionActor"/> child; its first frame must be a Hello that
/// parses, naming a valid conversation id and UIDs, within the handshake limit. Such a link goes to the
/// parent as <see cref="InboundHello"/> (the PeerActor routes it to the session, which verifies the
/// signature and takes the link over, or answers <see cref="RefuseLink"/>). Anything else closes the
/// link with the reason logged; the node goes on.
/// <para>
/// Links refused at the cap are logged once per burst: the first at once with the reason, the rest
/// counted and summed up in one line when the burst ends (no refusal for <see cref="RefusalBurstQuiet"/>),
/// every <see cref="RefusalSummaryEvery"/> while it goes on, and when the listener stops. A flood of
/// silent sockets must not turn into a flood of log lines.
/// </para>
/// </summary>
public sealed class ListenerActor : ReceiveActor, IWithTimers
{
    /// Links that have not yet shown a well-formed Hello. Beyond this, new links are refused at once,
    /// so a flood of silent sockets cannot pile up actors and buffers.
    public const int DefaultMaxUnauthenticated = 64;

    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// A burst of refusals ends after this long without one; its count is logged then.
    public static readonly TimeSpan RefusalBurstQuiet = TimeSpan.FromSeconds(1);

    /// A flood that never pauses still shows in the log, once per this period rather than never.
    public static readonly TimeSpan RefusalSummaryEvery = TimeSpan.FromSeconds(60);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _host;
    private readonly int _port;
    private readonly TimeSpan _handshakeTimeout;
    private readonly int _maxUnauthenticated;
    private readonly TimeSpan _refusalQuiet;
    private readonly HashSet<IActorRef> _unauthenticated = new();
    // The unauthenticated links that wait at the relay rather than came in on our port.
    private readonly HashSet<IActorRef> _relayed = new();
    private long _accepted;
    // Refusals at the cap: one burst at a time (one key), ended by RefusalBurstOver after a quiet period.
    private readonly BurstLog<string> _refusals;
    private const string AtTheCap = "at the cap";
    // Akka.IO's TCP listener for our port: the one to tell Unbind on the way out.
    private IActorRef _bindCommander = ActorRefs.Nobody;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string host, int port) =>
        Props(host, port, DefaultHandshakeTimeout, DefaultMaxUnauthenticated);

    /// <param name="handshakeTimeout">From accept to a session owning the link (PROTOCOL.md: 10 s).</param>
    public static Props Props(string host, int port, TimeSpan handshakeTimeout, int maxUnauthenticated = DefaultMaxUnauthenticated) =>
        Akka.Actor.Props.Create(() => new ListenerActor(host, port, handshakeTimeout, maxUnauthenticated, RefusalBurstQuiet, RefusalSummaryEvery));

    /// Specs shorten or lengthen the refusal log periods so a burst's end is theirs to choose.
    internal static Props Props(string host, int port, TimeSpan handshakeTimeout, int maxUnauthenticated, TimeSpan refusalQuiet, TimeSpan refusalSummaryEvery) =>
        Akka.Actor.Props.Create(() => new ListenerActor(host, port, handshakeTimeout, maxUnauthenticated, refusalQuiet, refusalSummaryEvery));

    public ListenerActor(string host, int port, TimeSpan handshakeTimeout, int maxUnauthenticated, TimeSpan refusalQuiet, TimeSpan refusalSummaryEvery)
    {
        _host = host;
        _port = port;
        _handshakeTimeout = handshakeTimeout;
        _maxUnauthenticated = maxUnauthenticated;
        _refusalQuiet = refusalQuiet;
        _refusals = new BurstLog<string>(refusalSummaryEvery);
        Listening();
    }

    /// Binding, then bound: accepting links until the node asks for the port back.
    private void Listening()
    {
        Receive<Tcp.Bound>(OnBound);
        Receive<Tcp.CommandFailed>(failed =>
        {
            var reason = $"cannot listen on {_host}:{_port}: {failed.CauseString}";
            _log.Error("P2P listener: {0}", reason);
            Context.Parent.Tell(new ListenerFailed(reason));
            Context.Stop(Self);
        });
        ReceiveLinks();
        Receive<UnbindListener>(_ => Unbind(Sender));
    }

    private void ReceiveLinks()
    {
        Receive<Tcp.Connected>(OnConnected);
        Receive<AwaitRelayed>(OnAwaitRelayed);
        Receive<FrameReceived>(OnFirstFrame);
        // Statement bodies on purpose: a lambda returning bool would mean "unhandled" when the link
        // was already gone, and an unhandled Terminated kills the listener (DeathPactException).
        Receive<LinkClosed>(_ => { _unauthenticated.Remove(Sender); _relayed.Remove(Sender); });
        Receive<Terminated>(terminated => { _unauthenticated.Remove(terminated.ActorRef); _relayed.Remove(terminated.ActorRef); });
        Receive<RefusalBurstOver>(_ => LogRefusalSummary(_refusals.Ended(AtTheCap, Context.System.Scheduler.Now)));
    }

    private void Unbind(IActorRef asker)
    {
        if (_bindCommander.IsNobody())
        {
            asker.Tell(Akka.Done.Instance);
            Context.Stop(Self);
            return;
        }
        _bindCommander.Tell(Tcp.Unbind.Instance);
        // Until Unbound, a connection accepted a moment ago is still served as any other.
        Become(() =>
        {
            Receive<Tcp.Unbound>(_ =>
            {
                _log.Debug("P2P listener unbound");
                asker.Tell(Akka.Done.Instance);
                Context.Stop(Self);
            });
            ReceiveLinks();
            Receive<UnbindListener>(_ => { });
        });
    }

    protected override void PreStart()
    {
        var address = IPAddress.TryParse(_host, out var ip) ? ip : IPAddress.Loopback;
        Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(address, _port), backlog: 128, options: [TcpKeepAlive.Default]));
    }

    protected override void PostStop()
    {
        foreach (var burst in _refusals.Flush(Context.System.Scheduler.Now)) LogRefusalSummary(burst);
    }

    /// A link whose actor fails is stopped, never restarted: its decoder is mid-stream.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("P2P link child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    private void OnBound(Tcp.Bound bound)
    {
        _bindCommander = Sender;
        var local = (IPEndPoint)bound.LocalAddress;
        var endpoint = new PeerEndpoint(_host, local.Port);
        _log.Info("P2P listener bound at {0}", endpoint);
        Context.Parent.Tell(new ListenerBound(endpoint));
    }

    private void OnConnected(Tcp.Connected connected)
    {
        if (_unauthenticated.Count >= _maxUnauthenticated)
        {
            Sender.Tell(Tcp.Abort.Instance);
            Refused(connected.RemoteAddress);
            return;
        }
        var link = Context.ActorOf(
            ConnectionActor.Accepted(Sender, connected.RemoteAddress, Self, _handshakeTimeout),
            $"link-{++_accepted}");
        Context.Watch(link);
        _unauthenticated.Add(link);
    }

    /// A relayed link waits at the relay for the dialer (up to the token's lifetime, the relay's limit), then is treated as accepted.
    private void OnAwaitRelayed(AwaitRelayed relayed)
    {
        var link = Context.ActorOf(RelayLinkActor.Await(relayed.Offer, relayed.Me, Self, _handshakeTimeout), $"relayed-{++_accepted}");
        Context.Watch(link);
        _unauthenticated.Add(link);
        _relayed.Add(link);
    }

    /// Every refusal is either in a line of its own (the first of a burst) or in a summary's count.
    private void Refused(EndPoint remote)
    {
        if (_refusals.Refused(AtTheCap, Context.System.Scheduler.Now, out var due))
            _log.Warning("P2P link from {0} refused: {1} links are already waiting for their Hello; further refusals in this burst are counted, not logged",
                remote, _unauthenticated.Count);
        else
            LogRefusalSummary(due);
        // Restarting the single timer under its key cancels the previous one: the burst ends only
        // after a whole quiet period without a refusal.
        Timers.StartSingleTimer(RefusalBurstOver.Instance, RefusalBurstOver.Instance, _refusalQuiet);
    }

    private void LogRefusalSummary(BurstLog<string>.Summary? burst)
    {
        if (burst is not { Unlogged: > 0 } summary) return;
        _log.Warning("{0} more P2P links refused in the last {1:0.0} s: the cap of {2} links waiting for their Hello was reached",
            summary.Unlogged, summary.Over.TotalSeconds, _maxUnauthenticated);
    }

    private void OnFirstFrame(FrameReceived received)
    {
        var link = Sender;
        if (!_unauthenticated.Remove(link)) return; // only the first frame of a link comes here
        if (!TryReadHello(received.Frame, out var conversation, out var from, out var reason))
        {
            // The link logs the refusal with its own path and closes.
            link.Tell(new RefuseLink(reason));
            return;
        }
        _log.Debug("P2P link {0}: Hello for conversation {1} from {2}, handing it to the node", link.Path, conversation, from);
        Context.Parent.Tell(new InboundHello(conversation, from, link, received.Frame) { Relayed = _relayed.Remove(link) });
    }

    /// Only the shape is checked here; the session that owns the conversation checks the signature.
    private static bool TryReadHello(Frame frame, out ConversationId conversation, out Uid from, out string reason)
    {
        conversation = null!;
        from = null!;
        if (frame.Type != FrameType.Hello)
        {
            reason = $"first frame is {frame.Type}, not Hello";
            return false;
        }
        if (!HelloCodec.TryDecode(frame.Body, out var hello, out var why))
        {
            reason = why ?? "malformed Hello";
            return false;
        }
        // The parse error would quote the sender's bytes; a log line gets only which field was bad.
        if (!Uid.TryParse(hello!.FromUid, out var fromUid, out _))
        {
            reason = "Hello: fromUid is not a valid UID";
            return false;
        }
        if (!Uid.TryParse(hello.ToUid, out _, out _))
        {
            reason = "Hello: toUid is not a valid UID";
            return false;
        }
        conversation = ConversationId.FromBytes(hello.ConversationId);
        from = fromUid;
        reason = "";
        return true;
    }

    private sealed class RefusalBurstOver
    {
        public static readonly RefusalBurstOver Instance = new();
    }
}
