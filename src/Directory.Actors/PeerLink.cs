using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Limits;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory;

/// <summary>
/// /user/peers/&lt;uid&gt;-&lt;n&gt;: one per Register. Challenges the peer, checks its proof, and then carries
/// the peer's whole conversation with the directory. Every reply the peer sees comes from here, so a
/// peer that kills or floods its link hurts only itself.
/// States: <see cref="AwaitingRegister"/> -> <see cref="AwaitingProof"/> -> <see cref="Online"/>.
/// </summary>
public sealed class PeerLink : ReceiveActor
{
    /// <summary>From the Registry: a newer registration of this UID won.</summary>
    public sealed record Supersede
    {
        public static readonly Supersede Instance = new();
        private Supersede() { }
    }

    /// <summary>To the parent (PeerLinks): the proof verified, this link no longer counts as unauthenticated.</summary>
    public sealed record Authenticated
    {
        public static readonly Authenticated Instance = new();
        private Authenticated() { }
    }

    /// <summary>
    /// From the parent (PeerLinks): too many registrations wait for their proof and this one gives its
    /// place up. Ignored once registered: the proof may have won the race.
    /// </summary>
    public sealed record Evict
    {
        public static readonly Evict Instance = new();
        private Evict() { }
    }

    /// <summary>From the Registry: this peer's certificate was revoked; it is no longer registered.</summary>
    public sealed record Revoked(KeyRevoked Notice);

    /// <summary>From Proposals/Proposal: pass this message on to the peer. Internal, so a peer cannot send it.</summary>
    public sealed record ToPeer(IDirectoryMessage Message);

    /// <summary>
    /// From the parent (PeerLinks), which times every challenge: the nonce lifetime passed without a
    /// proof. One timer table there, not one per link: a registered user's link holds none.
    /// </summary>
    public sealed record ChallengeExpired
    {
        public static readonly ChallengeExpired Instance = new();
        private ChallengeExpired() { }
    }

    public static Props Props(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals) =>
        Akka.Actor.Props.Create(() => new PeerLink(settings, trust, registry, proposals));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DirectorySettings _settings;
    private readonly AuthorityTrust _trust;
    private readonly IActorRef _registry;
    private readonly IActorRef _proposals;
    private IActorRef _peer = ActorRefs.Nobody;
    private Uid? _uid;
    // Out from an accepted Register until its proof is checked.
    private RegistrationChallenge? _challenge;
    // Propose, Who and the other requests of the registered peer; made at the first (most users never send one).
    private RequestLimit? _requests;
    // Whom this peer was introduced to, per conversation: all it may watch or re-propose (issue 14).
    private readonly IntroducedPairs _introduced = new();

    public PeerLink(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals)
    {
        _settings = settings;
        _trust = trust;
        _registry = registry;
        _proposals = proposals;
        Become(AwaitingRegister);
    }

    private Uid? Uid => _uid;

    // ---- state 1: the gate forwards exactly one Register, with the peer as sender ----

    private void AwaitingRegister()
    {
        Receive<Register>(OnRegister);
        Receive<Evict>(_ => Context.Stop(Self));
        ReceiveAny(_ => Context.Stop(Self));
    }

    private void OnRegister(Register register)
    {
        _peer = Sender;
        _uid = register.Uid;
        var ownKey = NodeSystem.TryGetOwnKeyFingerprint(Context.System, out var key) ? key : null;
        _challenge = RegistrationChallenge.TryIssue(register, ownKey, _trust, _settings, Context.System.Scheduler.Now, out var reason, out var challenge);
        if (_challenge is null)
        {
            Reject(reason);
            return;
        }
        _peer.Tell(challenge!, Self);
        // Debug: a registration flood must not become a log flood; the outcome is logged either way.
        _log.Debug("challenged {0} at {1}", register.Uid, _peer.Path);
        Become(AwaitingProof);
    }

    // ---- state 2: a challenge is out ----

    private void AwaitingProof()
    {
        Receive<AuthProof>(OnProof);
        Receive<ChallengeExpired>(_ => Reject("challenge expired"));
        Receive<Evict>(_ =>
        {
            // PeerLinks logs evictions once per thousand: a flood must not become a log flood.
            _peer.Tell(new RegistrationRejected("evicted: too many registrations are waiting for their proof; register again"), Self);
            Context.Stop(Self);
        });
        Receive<Register>(_ => Sender.Tell(new CommandRefused(DirectoryCommand.Register, RefusalCode.ChallengePending, "a challenge is already pending on this link; answer it with AuthProof"), Self));
        Receive<ToPeer>(_ => { });
        ReceiveAny(m => RefuseUnregistered(m));
    }

    private void OnProof(AuthProof proof)
    {
        if (!Sender.Equals(_peer))
        {
            // Someone else's proof cannot spend this peer's challenge.
            Sender.Tell(new RegistrationRejected("this challenge was issued to another peer"), Self);
            return;
        }
        var register = _challenge!.Register;
        var failed = _challenge.Check(proof, Context.System.Scheduler.Now);
        DropChallenge();
        if (failed is not null)
        {
            Reject(failed);
            return;
        }

        _registry.Tell(new Registry.Add(new Registry.Entry(register.Uid, Self, register.CertificateDer, register.P2P)));
        Context.Watch(_peer);
        Context.Parent.Tell(Authenticated.Instance);
        _peer.Tell(new Registered(register.Uid), Self);
        // A clustered directory also tells the peer its other nodes, to fail over to (wire 1.5).
        _registry.Tell(Registry.ListNodes.Instance);
        _log.Info("registered {0} (peer {1}, p2p {2})", register.Uid, _peer.Path, register.P2P);
        Become(Online);
    }

    // ---- state 3: registered ----

    private void Online()
    {
        // This state lives as long as its user is online, and every Receive<T> here costs each registered
        // user a delegate (64 B; 6 MB at 100,000 users): requests answered in a line share one handler.
        // Its predicate is static (no allocation) and names them, so other messages fall through.
        Receive<IDirectoryMessage>(static m => m is Who or AuthProof or Register, OnRequest);
        Receive<Registry.OnlineNow>(m => _peer.Tell(new OnlineUsers(m.Uids), Self));
        Receive<Registry.NodesNow>(m => { if (m.Edges.Length > 0) _peer.Tell(new DirectoryNodes(m.Edges), Self); });
        Receive<Propose>(m => FromPeer(DirectoryCommand.Connect, () => Limited(DirectoryCommand.Connect, () =>
        {
            var members = m.Members.IsDefault ? [] : m.Members;
            if (m.Conversation is { } reopened && NotIntroduced(reopened, members) is { } stranger)
            {
                // A re-used id must not let anyone into (or impersonate a member of) a conversation it was never in.
                Refuse(DirectoryCommand.Connect, RefusalCode.NotIntroduced, $"you were never introduced to {stranger} in conversation {reopened}; only its members may propose it again");
                return;
            }
            _log.Info("{0} proposes {1}a conversation with [{2}]", Uid, m.Conversation is null ? "" : $"again ({m.Waiting} waiting) ", string.Join(", ", members));
            _proposals.Tell(new Proposals.Open(Uid!, members, Self) { Reopen = m.Conversation, Waiting = m.Waiting });
        })));
        Receive<WatchPresence>(m => FromPeer(DirectoryCommand.Watch, () => Limited(DirectoryCommand.Watch, () =>
        {
            if (_introduced.Contains(m.Conversation, m.Peer))
            {
                _log.Info("{0} watches for {1} to come online again", Uid, m.Peer);
                _registry.Tell(new Registry.WatchOnline(m.Peer, Self));
            }
            else Refuse(DirectoryCommand.Watch, RefusalCode.NotIntroduced, $"you were never introduced to {m.Peer} in conversation {m.Conversation}; you may watch only your conversations' members");
        })));
        Receive<Registry.CameOnline>(m => _peer.Tell(new PeerOnline(m.Uid), Self));
        Receive<Registry.WatchRefused>(m => Refuse(DirectoryCommand.Watch, RefusalCode.TooManyWatches, $"{m.Reason}: {m.Uid} is not watched"));
        Receive<AcceptProposal>(m => FromPeer(DirectoryCommand.Accept, () =>
            _proposals.Tell(new Proposals.Answer(m.Conversation, Uid!, true, Self))));
        Receive<DeclineProposal>(m => FromPeer(DirectoryCommand.Decline, () =>
            _proposals.Tell(new Proposals.Answer(m.Conversation, Uid!, false, Self))));
        // Wire 1.4: the pair is the asking peer's own (its UID from this link) and the member it names.
        Receive<RequestRelay>(m => FromPeer(DirectoryCommand.Relay, () => Limited(DirectoryCommand.Relay, () =>
            _proposals.Tell(new Relay.RelayRenewals.Wanted(m.Conversation, Uid!, m.Peer, Self)))));
        Receive<Unregister>(_ => FromPeer(DirectoryCommand.Quit, () =>
        {
            _log.Info("{0} unregistered", Uid);
            _registry.Tell(new Registry.Remove(Uid!, Self));
            Context.Stop(Self);
        }));
        Receive<ToPeer>(m =>
        {
            if (m.Message is Introduction introduction) _introduced.Add(introduction.Conversation, introduction.Peer);
            _peer.Tell(m.Message, Self);
        });
        Receive<Evict>(_ => { });
        Receive<ChallengeExpired>(_ => { });
        Receive<Revoked>(m =>
        {
            // The peer learns why (and can verify it); its link goes, so nothing more reaches it from here.
            _peer.Tell(m.Notice, Self);
            _log.Warning("{0}'s certificate (serial {1}) was revoked; registration ended", Uid, m.Notice.Serial);
            Context.Unwatch(_peer);
            Context.Stop(Self);
        });
        Receive<Supersede>(_ =>
        {
            _peer.Tell(new Superseded(Uid!), Self);
            _log.Info("{0} superseded by a newer registration; stopping", Uid);
            Context.Unwatch(_peer);
            Context.Stop(Self);
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_peer)) return;
            _log.Info("peer {0} terminated (DeathWatch)", Uid);
            _registry.Tell(new Registry.Remove(Uid!, Self));
            Context.Stop(Self);
        });
    }

    /// <summary>Who, and the registration messages a registered link refuses.</summary>
    private void OnRequest(IDirectoryMessage request)
    {
        switch (request)
        {
            case Who:
                FromPeer(DirectoryCommand.Who, () => Limited(DirectoryCommand.Who, () => _registry.Tell(Registry.ListOnline.Instance)));
                break;
            case AuthProof:
                Sender.Tell(new RegistrationRejected("this challenge was already answered; a nonce is used once"), Self);
                break;
            case Register:
                Sender.Tell(new CommandRefused(DirectoryCommand.Register, RefusalCode.AlreadyRegistered, "this link is already registered; send Register to /user/directory for a new one"), Self);
                break;
        }
    }

    private Uid? NotIntroduced(ConversationId conversation, ImmutableArray<Uid> members) =>
        members.Cast<Uid?>().FirstOrDefault(m => !_introduced.Contains(conversation, m!));

    private void Refuse(DirectoryCommand command, RefusalCode code, string reason)
    {
        _log.Info("refused {0} from {1}: {2}", command, Uid, reason);
        _peer.Tell(new CommandRefused(command, code, reason), Self);
    }

    /// <summary>Only the peer this link was made for may speak through it.</summary>
    private void FromPeer(DirectoryCommand command, Action act)
    {
        if (Sender.Equals(_peer)) act();
        else Sender.Tell(new CommandRefused(command, RefusalCode.LinkOfAnotherPeer, "this directory link belongs to another peer"), Self);
    }

    /// <summary>Requests go on only while the peer's request bucket has a token.</summary>
    private void Limited(DirectoryCommand command, Action act)
    {
        _requests ??= new RequestLimit(_settings.RateLimits, _log);
        if (_requests.TryPass(Uid, Context.System.Scheduler.Now)) act();
        else _peer.Tell(new CommandRefused(command, RefusalCode.RateLimited, $"rate limited: more than {_settings.RateLimits.RequestBurst} requests at once; slow down"), Self);
    }

    protected override void PostStop()
    {
        DropChallenge();
        _requests?.Flush(Uid, Context.System.Scheduler.Now);
    }

    private void DropChallenge()
    {
        _challenge?.Dispose();
        _challenge = null;
    }

    private void RefuseUnregistered(object message)
    {
        Sender.Tell(new CommandRefused(DirectoryCommand.Of(message), RefusalCode.NotRegistered, "not registered: finish the challenge first"), Self);
    }

    private void Reject(string reason)
    {
        _log.Warning("registration of {0} rejected: {1}", Uid, reason);
        _peer.Tell(new RegistrationRejected(reason), Self);
        Context.Stop(Self);
    }
}
