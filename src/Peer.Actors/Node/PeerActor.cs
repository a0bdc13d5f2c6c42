using System.Collections.Immutable;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Link;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.DirectoryClient;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Node;

/// <summary>
/// The peer node's root (/user/peer): binds the P2P listener, then has its directory client child
/// (/user/peer/directory, the only actor that talks to the directory) join the directory. Turns the
/// user's commands into directory requests, checked against the user's consent, and judges by the same
/// consent what the directory says; runs the conversations and their sessions.
/// States: Binding -> Running.
/// </summary>
public sealed partial class PeerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSettings _settings;
    private readonly PeerIdentity _identity;
    private readonly Func<IActorRef, Props>? _consoleProps;
    private readonly KnownPeers _knownPeers;

    private IActorRef _console = ActorRefs.Nobody;
    private IActorRef _listener = ActorRefs.Nobody;
    private IActorRef _directory = ActorRefs.Nobody;
    private IActorRef? _observer;
    private readonly ConversationConsent _consent;

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
        _ttl = settings.MessageTtl;
        _consent = new ConversationConsent(identity.Uid);
        Binding();
    }

    /// <summary>
    /// The three long-lived children are watched; their death ends the node (see <see cref="ReceiveChildDeaths"/>).
    /// Conversations are watched as they start (PeerActor.Conversations); each watches its own sessions.
    /// </summary>
    protected override void PreStart()
    {
        if (_consoleProps is not null) _console = Context.Watch(Context.ActorOf(_consoleProps(Self), "console"));
        _directory = Context.Watch(Context.ActorOf(DirectoryClientActor.Props(_settings, _identity), "directory"));
        _listener = Context.Watch(Context.ActorOf(ListenerActor.Props(_settings.P2PHost, _settings.P2PPort, _settings.HandshakeTimeout, _settings.MaxUnauthenticatedLinks), "listener"));
    }

    /// <summary>
    /// Every child that throws is stopped, never restarted, and the watch decides what follows: a
    /// conversation's end is reported as such (a session that fails is its conversation's to report);
    /// the listener's, the console's or the directory client's end stops the node
    /// (<see cref="ReceiveChildDeaths"/>). Restarting the listener would bind a new port (p2p-port 0 is
    /// the default) behind the endpoint the directory hands out; restarting the console would start a
    /// second reader of the same input; a failing directory client is a bug, and a node that silently
    /// stopped being reachable through the directory would look alive to its user.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("a child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    /// <summary>
    /// In every state: without its listener a node can take no link, without its console the user
    /// sees nothing, and without its directory client it can neither be found nor start a conversation,
    /// so any one of them stopping ends the node, with one line saying why (an error on
    /// standard error, and <see cref="NodeStopping"/> to the observer) and a non-zero exit.
    /// </summary>
    private void ReceiveChildDeaths()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_listener), _ =>
            StopNode("the P2P listener stopped: this node can no longer take links from its peers"));
        Receive<Terminated>(t => t.ActorRef.Equals(_console), _ =>
            StopNode("the console stopped: nothing this node receives could be shown any more"));
        Receive<Terminated>(t => t.ActorRef.Equals(_directory), _ =>
            StopNode("the directory client stopped: this node can no longer be found or start a conversation"));
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
            _directory.Tell(new JoinDirectory(bound.Endpoint, _settings.Advertise ?? bound.Endpoint));
            Become(Running);
        });
        Receive<ListenerFailed>(failed =>
        {
            // Said here, in the listener's words; its end that follows is not news.
            Context.Unwatch(_listener);
            Publish(new CommandFailed(failed.Reason));
            Publish(new NodeStopping(failed.Reason));
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        });
        ReceiveDirectory();
        ReceiveConversationCommands();
    }

    private void Running()
    {
        ReceiveDirectory();
        ReceiveConversationCommands();
    }

    private void Publish(IPeerEvent e)
    {
        _console.Tell(e);
        _observer?.Tell(e);
    }

    private sealed record Unregistering;
    private sealed record UnbindingListener;
}
