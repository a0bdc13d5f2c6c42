using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.DirectoryClient;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Node;

/// <summary>
/// The peer node's root (/user/peer). Its children do the work: /directory (the only actor that talks
/// to the directory), /admission (what the user agreed to, and with which keys), /listener (the P2P
/// port), /console, and a /conversation-&lt;id&gt; per conversation (its sessions and history). The
/// root routes the user's commands and the P2P hellos to them, carries out what admission decides on
/// the conversations, and publishes every event to the console and the observer.
/// States: Binding -> Running.
/// </summary>
public sealed class PeerActor : ReceiveActor
{
    // How long the node waits for its conversations to answer a question about all of them.
    private static readonly TimeSpan GatherTimeout = TimeSpan.FromSeconds(5);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSettings _settings;
    private readonly PeerIdentity _identity;
    private readonly Func<IActorRef, Props>? _consoleProps;
    private readonly KnownPeers _knownPeers;
    private readonly IActorRef? _observer;
    private readonly ConversationChildren _conversations = new(GatherTimeout);
    private IActorRef _console = ActorRefs.Nobody;
    private IActorRef _listener = ActorRefs.Nobody;
    private IActorRef _directory = ActorRefs.Nobody;
    private IActorRef _admission = ActorRefs.Nobody;
    private EventSink _events = null!;
    private MessageTtl _ttl;
    // One budget for every conversation's outboxes: the node-wide cap.
    private readonly DeliverySettings _delivery;

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
        _ttl = MessageTtl.From(settings.MessageTtl);
        _delivery = new DeliverySettings(PendingAfter: settings.PendingAfter) { Budget = new OutboxBudget(settings.OutboxMaxMessages, settings.OutboxMaxBytes) };
        Binding();
    }

    /// <summary>The four long-lived children are watched; their death ends the node (<see cref="ReceiveChildDeaths"/>). Conversations are watched as they start.</summary>
    protected override void PreStart()
    {
        if (_consoleProps is not null) _console = Context.Watch(Context.ActorOf(_consoleProps(Self), "console"));
        _events = new EventSink(_console, _observer);
        _directory = Context.Watch(Context.ActorOf(DirectoryClientActor.Props(_settings, _identity), "directory"));
        _admission = Context.Watch(Context.ActorOf(AdmissionActor.Props(_settings, _identity, _directory, _events, _knownPeers), "admission"));
        _listener = Context.Watch(Context.ActorOf(ListenerActor.Props(_settings.P2PHost, _settings.P2PPort, _settings.HandshakeTimeout, _settings.MaxUnauthenticatedLinks), "listener"));
    }

    /// <summary>
    /// Every child that throws is stopped, never restarted, and the watch decides what follows: a
    /// conversation's end is reported as such (a session that fails is its conversation's to report);
    /// the end of any other child stops the node (<see cref="ReceiveChildDeaths"/>). Restarting the
    /// listener would bind a new port (p2p-port 0 is the default) behind the endpoint the directory
    /// hands out; restarting the console would start a second reader of the same input; a failing
    /// directory client or admission is a bug, and a node that quietly lost what the user agreed to, or
    /// its place at the directory, would look alive to its user.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("a child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    private void ReceiveChildDeaths()
    {
        Receive<Terminated>(t => t.ActorRef.Equals(_listener), _ =>
            StopNode("the P2P listener stopped: this node can no longer take links from its peers"));
        Receive<Terminated>(t => t.ActorRef.Equals(_console), _ =>
            StopNode("the console stopped: nothing this node receives could be shown any more"));
        Receive<Terminated>(t => t.ActorRef.Equals(_directory), _ =>
            StopNode("the directory client stopped: this node can no longer be found or start a conversation"));
        Receive<Terminated>(t => t.ActorRef.Equals(_admission), _ =>
            StopNode("admission stopped: this node no longer knows what its user agreed to"));
        Receive<Terminated>(t => _conversations.Contains(t.ActorRef), t =>
        {
            // Stopped by this node's strategy after it threw: its sessions went with it.
            _conversations.Remove(t.ActorRef, out var id);
            _admission.Tell(new ConversationOver(id!));
            Publish(new ConversationEnded(id!, "the conversation failed on this node"));
        });
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

    /// <summary>Asks the node to give its P2P port back (the listener unbinds and stops); answered with Done.</summary>
    public static object UnbindListenerRequest { get; } = new UnbindingListener();

    /// <summary>Asks the node to leave the directory before shutdown (CoordinatedShutdown task); answered with Done.</summary>
    public static object UnregisterRequest { get; } = new Unregistering();

    /// <summary>Asks the node to end every session with Bye before shutdown; answered with Done when all have stopped.</summary>
    public static object CloseAllSessionsRequest { get; } = new ClosingAllSessions();

    private void Binding()
    {
        Receive<ListenerBound>(bound =>
        {
            _directory.Tell(new JoinDirectory(bound.Endpoint, _settings.AdvertisedFor(bound.Endpoint)));
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
        Running();
    }

    private void Running()
    {
        ReceiveChildDeaths();
        // Whatever claims to come from the directory goes to the one child that knows whether it does,
        // and what that child vouches for to the one that judges it.
        Receive<IDirectoryMessage>(message => _directory.Forward(message));
        Receive<IPeerEvent>(_ => Sender.Equals(_directory), Publish);
        Receive<FromDirectory>(_ => Sender.Equals(_directory), said => _admission.Forward(said));
        Receive<RevocationVerified>(_ => Sender.Equals(_directory), verified => _admission.Forward(verified));
        Receive<RequestNotCarriedOut>(_ => Sender.Equals(_directory), failed => _admission.Forward(failed));
        Receive<Unregistering>(_ => _directory.Forward(LeaveDirectory.Instance));
        Receive<IPeerCommand>(c => c is ListOnline or ConnectTo or AcceptConversation or DeclineConversation or VerifyPeer or TrustPeer,
            command => _admission.Tell(command));
        // What admission decided, carried out on the conversations.
        Receive<Admitted>(_ => Sender.Equals(_admission), admitted =>
        {
            // A session that may go through the relay asks this node for a fresh token when its relayed link is lost.
            var spec = admitted.Spec.Relay is null ? admitted.Spec : admitted.Spec with { FreshRelayFrom = Self };
            ConversationFor(admitted.Spec.Conversation, admitted.Members).Tell(new AdmitSession(spec));
            // The listening member meets the dialer at the relay too (the dialer decides which path wins).
            if (!admitted.Spec.Dialer && admitted.Spec.Relay is { } relay) _listener.Tell(new AwaitRelayed(relay, _identity));
        });
        Receive<AskForRelay>(ask => _directory.Tell(ask));
        Receive<RelayRenewal>(_ => Sender.Equals(_admission), renewal =>
        {
            var (conversation, peer, relay) = (renewal.Renewed.Conversation, renewal.Renewed.Peer, renewal.Renewed.Relay);
            // The member whose UID sorts second listens: it waits at the relay for the dialer, as after an introduction.
            if (string.CompareOrdinal(_identity.Uid.Value, peer.Value) > 0) _listener.Tell(new AwaitRelayed(relay, _identity));
            Context.ActorSelection($"{ConversationActor.NameFor(conversation)}/{SessionSpec.ActorNameFor(conversation, peer)}").Tell(new RelayRenewedForSession(relay));
        });
        Receive<HeldForTrust>(_ => Sender.Equals(_admission), held =>
            ConversationFor(held.Conversation, held.Members).Tell(new MemberBlocked(held.Peer)));
        Receive<EndSessionsRevoked>(_ => Sender.Equals(_admission), OnRevoked);
        Receive<RevocationCarriedOut>(OnRevocationCarriedOut);
        Receive<ConversationOver>(over => _admission.Tell(over));
        // A member away with messages waiting (issue 14): watched at the directory, proposed to again when back.
        Receive<WatchMember>(_ => _conversations.Contains(Sender), watch => _admission.Tell(watch));
        Receive<ReproposeMember>(_ => _conversations.Contains(Sender), repropose => _admission.Tell(repropose));
        Receive<MemberOnline>(_ => Sender.Equals(_admission), online => { foreach (var conversation in _conversations.All) conversation.Tell(online); });
        Receive<RejoinDeclined>(_ => Sender.Equals(_admission), declined => Context.Child(ConversationActor.NameFor(declined.Conversation)).Tell(declined));
        ReceiveConversationCommands();
    }

    private void ReceiveConversationCommands()
    {
        // The console sends straight to a conversation it has seen connect; what comes here (its first
        // lines, the demo, scripts) is stamped with the TTL in force and passed on.
        Receive<SendText>(send => Route(send.Conversation, send with { Ttl = send.Ttl ?? _ttl }, "send", $"no conversation {send.Conversation} with anyone in it"));
        Receive<LeaveConversation>(leave => Route(leave.Conversation, leave, "leave", $"not in conversation {leave.Conversation}"));
        Receive<InboundHello>(hello =>
        {
            var conversation = Context.Child(ConversationActor.NameFor(hello.Conversation));
            if (conversation.IsNobody()) SessionRoster.Refuse(hello, _log);
            else conversation.Forward(hello);
        });
        Receive<SetTtl>(set =>
        {
            _ttl = set.Ttl;
            _log.Info("message TTL set to {0}", set.Ttl);
        });
        Receive<ShowHistory>(show => _conversations.History(show.Conversation).PipeTo(Self,
            success: history => new HistoryGathered(history),
            failure: e => new HistoryGathered(new CommandFailed($"the history could not be gathered: {e.GetBaseException().Message}", "history"))));
        Receive<HistoryGathered>(gathered => Publish(gathered.Answer));
        Receive<ClosingAllSessions>(_ => _conversations.CloseSessions().PipeTo(Sender, success: () => Done.Instance));
        Receive<QuitNode>(quit => quit.Confirmed, _ => QuitReportingWhatWaits());
        Receive<QuitNow>(_ => Quit());
        // The text console's /quit: quit only when nothing waits for delivery, else say what would be lost.
        Receive<QuitNode>(_ => _conversations.Waiting().PipeTo(Self, success: waiting => new QuitChecked(waiting), failure: _ => new QuitChecked(0)));
        Receive<QuitChecked>(quit => { if (quit.Waiting == 0) Quit(); else Publish(new QuitHeld(quit.Waiting)); });
    }

    /// <summary>The conversation's child, started with the members the user agreed to at its first introduction.</summary>
    private IActorRef ConversationFor(ConversationId id, ImmutableArray<Uid> members)
    {
        var name = ConversationActor.NameFor(id);
        var child = Context.Child(name);
        if (!child.IsNobody()) return child;
        child = Context.Watch(Context.ActorOf(ConversationActor.Props(id, members, _identity.Uid, _events, _delivery with { Ttl = _ttl }), name));
        _conversations.Add(child, id);
        return child;
    }

    private void Route(ConversationId id, object command, string commandName, string whenNone)
    {
        var conversation = Context.Child(ConversationActor.NameFor(id));
        if (conversation.IsNobody()) Publish(new CommandFailed(whenNone, commandName));
        else conversation.Tell(command);
    }

    /// <summary>
    /// Each conversation stops its sessions with the revoked key and says so (key-revoked with its id);
    /// whatever they never acknowledged is reported undelivered, and one left with nobody ends.
    /// </summary>
    private void OnRevoked(EndSessionsRevoked revoked)
    {
        var notice = revoked.Notice;
        // A conversation that does not answer (it is stopping) counts as none: its sessions stop with it.
        _conversations.EndSessionsWith(new EndSessionsWith(notice.Uid, notice.Serial, revoked.Reason))
            .PipeTo(Self, success: ended => new RevocationCarriedOut(notice, ended), failure: _ => new RevocationCarriedOut(notice, -1));
    }

    private void OnRevocationCarriedOut(RevocationCarriedOut done)
    {
        var notice = done.Notice;
        if (done.SessionsEnded < 0)
            _log.Warning("the CA revoked {0}'s certificate (serial {1}); a conversation did not say whether it had a session with it", notice.Uid, notice.Serial);
        else
            _log.Warning("the CA revoked {0}'s certificate (serial {1}); {2} session(s) with it ended", notice.Uid, notice.Serial, done.SessionsEnded);
        if (done.SessionsEnded == 0) Publish(new PeerKeyRevoked(notice.Uid, notice.Serial, null));
    }

    /// <summary>What still waits is reported `undelivered` and shown before the node goes (the console answers once it has shown it).</summary>
    private void QuitReportingWhatWaits()
    {
        var console = _console;
        _conversations.ReportWaitingLost("you quit")
            .ContinueWith(_ => console.IsNobody() ? Task.FromResult<object>(Done.Instance) : console.Ask(FlushEvents.Instance, GatherTimeout)).Unwrap()
            .PipeTo(Self, success: _ => QuitNow.Instance, failure: _ => QuitNow.Instance);
    }

    private void Quit()
    {
        Publish(new NodeStopping("the user quit"));
        CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
    }

    private void Publish(IPeerEvent e) => _events.Publish(e);

    private sealed record Unregistering;
    private sealed record UnbindingListener;
    private sealed record ClosingAllSessions;
    private sealed record HistoryGathered(IPeerEvent Answer);
    private sealed record QuitChecked(int Waiting);
    private sealed record QuitNow { public static readonly QuitNow Instance = new(); }
    private sealed record RevocationCarriedOut(KeyRevoked Notice, int SessionsEnded);
}
