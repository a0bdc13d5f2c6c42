using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Link;
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

    protected override void PreStart()
    {
        if (_consoleProps is not null) _console = Context.ActorOf(_consoleProps(Self), "console");
        Context.ActorOf(ListenerActor.Props(_settings.P2PHost, _settings.P2PPort, _settings.HandshakeTimeout, _settings.MaxUnauthenticatedLinks), "listener");
    }

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("supervisor {0}: child failed with {1}: {2}; stopping it", Self.Path, e.GetType().Name, e.Message);
        return Directive.Stop;
    });

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
    private sealed record StrayBurstEnded;
    private const string StrayTimer = "strays";
    private static readonly TimeSpan StrayBurst = TimeSpan.FromSeconds(5);
    private const string IdentifyCorrelation = "directory";
    private const string RegistrationTimer = "registration";
    private const string RetryTimer = "retry";
}
