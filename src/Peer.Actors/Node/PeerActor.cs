using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Link;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.Node;

/// <summary>
/// The peer node's root (/user/peer): binds the P2P listener, then finds the directory, registers
/// and proves its identity, and stays registered, coming back with exponential backoff whenever
/// the directory goes away. Turns the user's commands into directory requests and the directory's
/// answers into <see cref="IPeerEvent"/>s for its console child.
/// States: Binding -> Resolving -> Authenticating -> Online (-> Resolving on loss).
/// </summary>
public sealed partial class PeerActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSettings _settings;
    private readonly PeerIdentity _identity;
    private readonly Func<IActorRef, Props>? _consoleProps;
    private readonly ExponentialBackoff _backoff;
    private readonly KnownPeers _knownPeers;

    private IActorRef _console = ActorRefs.Nobody;
    private IActorRef _listener = ActorRefs.Nobody;
    private IActorRef? _observer;
    private PeerEndpoint? _listening;
    private PeerEndpoint? _advertised;
    private IActorRef? _directoryLink;
    // The directory's address, from its configured path; the one that sent this node its challenge.
    private readonly Address? _directoryAddress;
    private IActorRef? _challenger;
    private readonly ConversationConsent _consent;
    private int _straysDropped;
    private int _attempt;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="consoleProps">Makes the console child from the node's ref; null for none (tests).</param>
    /// <param name="observer">Also receives every event (demo and tests); may be null.</param>
    /// <param name="knownPeers">Pinned identity keys (trust on first use); null keeps pins in memory only.</param>
    public static Props Props(PeerSettings settings, PeerIdentity identity, Func<IActorRef, Props>? consoleProps = null, IActorRef? observer = null, KnownPeers? knownPeers = null) =>
        Akka.Actor.Props.Create(() => new PeerActor(settings, identity, consoleProps, observer, knownPeers));

    public PeerActor(PeerSettings settings, PeerIdentity identity, Func<IActorRef, Props>? consoleProps, IActorRef? observer, KnownPeers? knownPeers)
    {
        _knownPeers = knownPeers ?? new KnownPeers(null);
        _settings = settings;
        _identity = identity;
        _consoleProps = consoleProps;
        _observer = observer;
        _backoff = new ExponentialBackoff(settings.RegisterBackoffMin, settings.RegisterBackoffMax);
        _ttl = settings.MessageTtl;
        _consent = new ConversationConsent(identity.Uid);
        _directoryAddress = ActorPath.TryParse(settings.DirectoryPath, out var path) ? path.Address : null;
        Binding();
    }

    /// <summary>
    /// Both long-lived children are watched; their death ends the node (see <see cref="ReceiveChildDeaths"/>).
    /// Sessions are watched as they start (PeerActor.Conversations).
    /// </summary>
    protected override void PreStart()
    {
        if (_consoleProps is not null) _console = Context.Watch(Context.ActorOf(_consoleProps(Self), "console"));
        _listener = Context.Watch(Context.ActorOf(ListenerActor.Props(_settings.P2PHost, _settings.P2PPort, _settings.HandshakeTimeout, _settings.MaxUnauthenticatedLinks), "listener"));
    }

    /// <summary>
    /// Every child that throws is stopped, never restarted, and the watch decides what follows:
    /// a session's end takes the lost-session path (its outbox is reported, the conversation goes on
    /// with the others); the listener's or the console's end stops the node (<see cref="ReceiveChildDeaths"/>).
    /// Restarting the listener would bind a new port (p2p-port 0 is the default) behind the endpoint
    /// the directory hands out; restarting the console would start a second reader of the same input.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("a child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    /// <summary>
    /// In every state: without its listener a node can take no link, and without its console the user
    /// sees nothing, so either one stopping ends the node, with one line saying why (an error on
    /// standard error, and <see cref="NodeStopping"/> to the observer) and a non-zero exit.
    /// </summary>
    private void ReceiveChildDeaths()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_listener), _ =>
            StopNode("the P2P listener stopped: this node can no longer take links from its peers"));
        Receive<Terminated>(t => t.ActorRef.Equals(_console), _ =>
            StopNode("the console stopped: nothing this node receives could be shown any more"));
        Receive<UnbindingListener>(_ =>
        {
            // The node is on its way out: the listener's end is expected now, not a failure.
            Context.Unwatch(_listener);
            _listener.Forward(UnbindListener.Instance);
        });
    }

    private void StopNode(string reason)
    {
        _log.Error("{0}; stopping the node", reason);
        Publish(new NodeStopping(reason));
        CoordinatedShutdown.Get(Context.System).Run(NodeFailed.Instance);
    }

    /// <summary>Why CoordinatedShutdown ran when a part of the node died: the host exits with a failure.</summary>
    public sealed class NodeFailed : CoordinatedShutdown.Reason
    {
        public static readonly NodeFailed Instance = new();

        private NodeFailed() { }

        public override int ExitCode => 1;
    }

    /// <summary>Asks the node to give its P2P port back (the listener unbinds and stops); answered with Done.</summary>
    public static object UnbindListenerRequest { get; } = new UnbindingListener();

    private void Binding()
    {
        Receive<ListenerBound>(bound =>
        {
            _listening = bound.Endpoint;
            _advertised = _settings.Advertise ?? bound.Endpoint;
            BecomeResolving(immediately: true);
        });
        Receive<ListenerFailed>(failed =>
        {
            // Said here, in the listener's words; its end that follows is not news.
            Context.Unwatch(_listener);
            Publish(new CommandFailed(failed.Reason));
            Publish(new NodeStopping(failed.Reason));
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        });
        ReceiveCommandsWhileOffline();
    }

    private void Publish(IPeerEvent e)
    {
        _console.Tell(e);
        _observer?.Tell(e);
    }

    private sealed record RetryDirectory;
    private sealed record RegistrationTimedOut(int Attempt);
    private sealed record Unregistering;
    private sealed record UnbindingListener;
    private sealed record StrayBurstEnded;
    private const string StrayTimer = "strays";
    private static readonly TimeSpan StrayBurst = TimeSpan.FromSeconds(5);
    private const string IdentifyCorrelation = "directory";
    private const string RegistrationTimer = "registration";
    private const string RetryTimer = "retry";
}
