using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Runtime.Transport;
using Encryptio.Peer.Node;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// /user/peer/directory: the only actor of a peer node that talks to the directory. It finds the
/// directory by its configured path, registers and proves this node's identity, and stays registered,
/// coming back with exponential backoff whenever the directory goes away. Nothing that claims to come
/// from the directory is acted on unless it does: while registering, only actors at the directory's
/// address (and only the one that challenged); once registered, only the link it registered with.
/// Requests typed while it is away wait in its stash, bounded in number and in time, and are carried
/// out once it is back; one that cannot be is answered, never dropped in silence.
/// States: Unjoined -> Resolving -> Authenticating -> Online (-> Resolving on loss; -> Refusing when
/// superseded by another login or leaving on purpose).
/// </summary>
public sealed class DirectoryClientActor : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSettings _settings;
    private readonly PeerIdentity _identity;
    // The directory node to try and the attempt under way: one that fails, or a registration that is
    // lost, moves to the next node after a growing delay (RegistrationAttempts says why not BackoffSupervisor).
    private readonly RegistrationAttempts _attempts;
    private WaitingRoom _room = null!;
    private StrayMessages _strays = null!;

    private JoinDirectory _endpoints = null!;
    private IActorRef? _link;
    private IActorRef? _challenger;

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    public static Props Props(PeerSettings settings, PeerIdentity identity) =>
        Akka.Actor.Props.Create(() => new DirectoryClientActor(settings, identity));

    public DirectoryClientActor(PeerSettings settings, PeerIdentity identity)
    {
        _settings = settings;
        _identity = identity;
        _attempts = new RegistrationAttempts(settings.DirectoryPaths, settings.RegisterBackoffMin, settings.RegisterBackoffMax);
        Unjoined();
    }

    // Akka hands the actor its stash and timers after the constructor has run.
    protected override void PreStart()
    {
        _room = new WaitingRoom(Stash, Timers, _settings.DirectoryRequestWait, _settings.MaxWaitingDirectoryRequests, NotCarriedOut);
        _strays = new StrayMessages(_log, Timers, Context.System.Scheduler);
        // A node killed outright closes its TCP connections at once; DeathWatch alone would wait out the
        // failure detector's pause (about 11 s) before this peer moves to another node.
        Context.System.EventStream.Subscribe(Self, typeof(Akka.Remote.DisassociatedEvent));
    }

    private void Unjoined()
    {
        Receive<JoinDirectory>(join =>
        {
            _endpoints = join;
            BecomeResolving(immediately: true);
        });
        ReceiveWhileAway();
    }

    private void BecomeResolving(bool immediately)
    {
        _link = null;
        Become(Resolving);
        if (immediately) Self.Tell(RetryDirectory.Instance);
        else ScheduleRetry("the directory went away");
    }

    private void Resolving()
    {
        Receive<RetryDirectory>(_ =>
        {
            var attempt = _attempts.Begin();
            _log.Info("resolving the directory at {0} (attempt {1})", DirectoryPath, attempt);
            Context.ActorSelection(DirectoryPath).Tell(new Identify(IdentifyCorrelation));
            Timers.StartSingleTimer(RegistrationTimer, new RegistrationTimedOut(attempt), _settings.RegistrationTimeout);
        });
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is null)
            {
                Timers.Cancel(RegistrationTimer);
                ScheduleRetry($"no directory at {DirectoryPath}");
                return;
            }
            if (!_attempts.IsAt(identity.Subject.Path.Address))
            {
                DropStray(identity);
                return;
            }
            var certificate = ImmutableArray.Create(_identity.Certificate.RawData);
            identity.Subject.Tell(new Register(_identity.Uid, certificate, _endpoints.Advertised, Register.CurrentVersion));
            _challenger = null;
            Become(Authenticating);
        });
        Receive<RegistrationTimedOut>(timeout => { if (_attempts.IsCurrent(timeout.Attempt)) ScheduleRetry("the directory did not answer"); });
        ReceiveWhileAway();
    }

    private void Authenticating()
    {
        // Only the directory's own actors may challenge or answer, and only the one that challenged (if one did) may register.
        Receive<IDirectoryMessage>(m => !_attempts.IsAt(Sender.Path.Address) || (m is Registered && _challenger is not null && !Sender.Equals(_challenger)), DropStray);
        Receive<AuthChallenge>(challenge =>
        {
            // Signed for the directory key this node saw in its own TLS handshake (RegistrationProof).
            if (!HandshakeKeys.TryGetFor(Context.System, Sender, out var directoryKey))
            {
                _log.Warning("not answering a registration challenge from {0}: this node opened no TLS connection to it", Sender.Path.Address);
                return;
            }
            _challenger = Sender;
            Sender.Tell(RegistrationProof.Sign(_identity, directoryKey, challenge, _endpoints.Advertised));
        });
        Receive<Registered>(_ =>
        {
            Timers.Cancel(RegistrationTimer);
            _link = Context.Watch(Sender);
            _attempts.Succeeded();
            _log.Info("registered with the directory as {0}; P2P endpoint {1} (advertised {2})", _identity.Uid, _endpoints.Listening, _endpoints.Advertised);
            Publish(new RegisteredWithDirectory(_identity.Uid, _endpoints.Listening, _endpoints.Advertised));
            // What the user asked for meanwhile is carried out now, in the order it was typed.
            _room.Open();
            Become(Online);
        });
        Receive<RegistrationRejected>(rejected =>
        {
            Timers.Cancel(RegistrationTimer);
            _log.Warning("the directory rejected registration of {0}: {1}", _identity.Uid, rejected.Reason);
            Become(Resolving);
            ScheduleRetry($"registration rejected: {rejected.Reason}");
        });
        Receive<RegistrationTimedOut>(timeout =>
        {
            if (!_attempts.IsCurrent(timeout.Attempt)) return;
            Become(Resolving);
            ScheduleRetry("the directory did not complete registration in time");
        });
        ReceiveWhileAway();
    }

    private void Online()
    {
        // Checked first: whatever claims to come from the directory must come from the link it registered.
        Receive<IDirectoryMessage>(_ => !Sender.Equals(_link), DropStray);
        Receive<Terminated>(t => t.ActorRef.Equals(_link), _ =>
        {
            _log.Warning("lost the directory ({0}); will re-register", DirectoryPath);
            BecomeResolving(immediately: false);
        });
        Receive<Akka.Remote.DisassociatedEvent>(e => _link is not null && e.RemoteAddress.Equals(_link.Path.Address), _ =>
        {
            _log.Warning("lost the connection to the directory ({0}); will re-register", DirectoryPath);
            Context.Unwatch(_link);
            BecomeResolving(immediately: false);
        });
        Receive<Superseded>(_ =>
        {
            _log.Warning("{0}: {1}", _identity.Uid, SupersededReason);
            Context.Unwatch(_link);
            _link = null;
            Publish(new CommandFailed(SupersededReason));
            Become(() => Refusing(SupersededReason));
        });
        Receive<DirectoryRequest>(request => { if (_room.Release(request)) _link!.Tell(request.Request); });
        Receive<AskForRelay>(ask => _link!.Tell(ask.Request));
        Receive<OnlineUsers>(users => Publish(new OnlineListed(users.Uids)));
        Receive<DirectoryNodes>(OnDirectoryNodes);
        Receive<CommandRefused>(refused => Publish(new CommandFailed(refused.Reason, refused.Command.Name, refused.Code.Name)));
        Receive<KeyRevoked>(OnKeyRevoked);
        // The node's consent, not this client, decides what these may do.
        Receive<IDirectoryMessage>(m => m is Proposed or ProposalReceived or ProposalDeclined or ProposalExpired or Introduction or PeerOnline or RelayRenewed,
            m => Context.Parent.Tell(new FromDirectory(m)));
        Receive<LeaveDirectory>(_ => Leave());
        ReceiveAlways();
    }

    /// <summary>Superseded or leaving: no more registration, and every request is answered at once.</summary>
    private void Refusing(string why)
    {
        Receive<IDirectoryMessage>(DropStray);
        Receive<DirectoryRequest>(request => { if (_room.Release(request)) NotCarriedOut(request, why); });
        Receive<LeaveDirectory>(_ => Sender.Tell(Done.Instance));
        ReceiveAlways();
    }

    private void ReceiveWhileAway()
    {
        // Nothing may speak for the directory while this node is not registered with it.
        Receive<IDirectoryMessage>(DropStray);
        Receive<DirectoryRequest>(request => _room.Hold(request));
        Receive<LeaveDirectory>(_ => Leave());
        ReceiveAlways();
    }

    private void ReceiveAlways()
    {
        Receive<WaitingRoom.Deadline>(deadline => _room.Expire(deadline));
        Receive<StrayMessages.Quiet>(_ => _strays.BurstOver());
        // Not registered: the session asks again on its own timer, so nothing waits here.
        Receive<AskForRelay>(ask => _log.Debug("not registered: a fresh relay token with {0} is asked for later", ask.Request.Peer));
        Receive<Terminated>(_ => { }); // a link from an earlier registration; nothing to do now
        Receive<Akka.Remote.DisassociatedEvent>(_ => { }); // another association, or one already handled
    }

    /// <summary>Leaving on purpose (shutdown): the link's end that follows is not a loss to recover from.</summary>
    private void Leave()
    {
        if (_link is not null)
        {
            Context.Unwatch(_link);
            _link.Tell(Unregister.Instance);
            _link = null;
        }
        Timers.Cancel(RetryTimer);
        Timers.Cancel(RegistrationTimer);
        Sender.Tell(Done.Instance);
        _room.Open();
        Become(() => Refusing("this node is leaving the directory"));
    }

    private void OnKeyRevoked(KeyRevoked notice)
    {
        // The directory is not trusted: it only carries the notice; the CA's signature decides.
        if (!notice.IsSignedBy(_identity.Trust.Authority))
        {
            _log.Warning("a key-revoked notice for {0} was refused: it is not signed by the CA; nothing was ended", notice.Uid);
            Publish(new CommandFailed($"the directory sent a revocation of {notice.Uid}'s key that the CA did not sign; it was ignored and nothing was ended"));
            return;
        }
        Context.Parent.Tell(new RevocationVerified(notice));
    }

    /// <summary>A directory message from anyone but the directory is dropped unread (and logged once per burst).</summary>
    private void DropStray(object message) => _strays.Drop(message, Sender);

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _strays.Flush();
    }

    /// <summary>Where else this directory can be reached: only added to the list, never replacing the user's own.</summary>
    private void OnDirectoryNodes(DirectoryNodes nodes)
    {
        var added = _attempts.Learn((nodes.Nodes.IsDefault ? [] : nodes.Nodes).Select(_settings.GatePathOf));
        if (added.Count > 0)
            _log.Info("the directory has {0} nodes; {1} more to fail over to: {2}", nodes.Nodes.Length, added.Count, string.Join(", ", added));
    }

    private string DirectoryPath => _attempts.Path;

    private void ScheduleRetry(string reason)
    {
        // With several directory nodes the next attempt goes to the next one: one that is down costs one attempt, not all.
        var attempt = _attempts.Attempt;
        var delay = _attempts.Failed();
        _log.Warning("directory unavailable: {0}; attempt {1} failed, retrying in {2:0.0}s", reason, attempt, delay.TotalSeconds);
        Publish(new DirectoryUnavailable(reason, attempt, delay));
        Timers.StartSingleTimer(RetryTimer, RetryDirectory.Instance, delay);
    }

    private void NotCarriedOut(DirectoryRequest request, string why) => Context.Parent.Tell(new RequestNotCarriedOut(request, $"not carried out: {why}"));

    /// <summary>The user is shown what the node shows: its parent publishes to the console and the observer.</summary>
    private void Publish(IPeerEvent e) => Context.Parent.Tell(e);

    private const string SupersededReason = "another login with this UID replaced this one at the directory";
    private const string IdentifyCorrelation = "directory";
    private const string RegistrationTimer = "registration";
    private const string RetryTimer = "retry";

    private sealed record RetryDirectory { public static readonly RetryDirectory Instance = new(); }
    private sealed record RegistrationTimedOut(int Attempt);
}
