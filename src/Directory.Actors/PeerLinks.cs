using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using Encryptio.Directory.Limits;
using Encryptio.Directory.Supervision;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Logging;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory;

/// <summary>
/// /user/peers: parent of every <see cref="PeerLink"/>. Gives each Register a fresh child named
/// &lt;uid&gt;-&lt;n&gt; (n never reused while this actor lives, so a reconnecting peer never meets its old
/// link's mailbox). A link that fails is stopped: its peer re-registers, nobody else notices.
/// Links waiting for their proof are capped (<see cref="PendingProofs{TLink,TGroup,TKey}"/>): when the
/// table is full the peer system holding most gives a place up, so a flooder evicts itself and an
/// honest newcomer always gets its challenge.
/// </summary>
public sealed class PeerLinks : ReceiveActor, IWithTimers
{
    /// <summary>
    /// The mailbox this actor gives every link when the system's config names it (directory.conf does):
    /// a <see cref="Encryptio.Runtime.Dispatch.CompactMailbox"/>, since a link is idle almost always
    /// and there is one per registered user.
    /// </summary>
    public const string MailboxId = "encryptio.directory.peer-link-mailbox";

    public const string MailboxHocon = MailboxId + ".mailbox-type = \"" + Encryptio.Runtime.Dispatch.CompactMailbox.TypeName + "\"";

    public static Props Props(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals)
    {
        // Made once, outside the actor: a restart must not forget who is associated (Akka does not
        // announce live associations again, and their peers' next Register would be dropped).
        var associations = new Associations();
        return Akka.Actor.Props.Create(() => new PeerLinks(settings, trust, registry, proposals, associations));
    }

    /// <summary>A link's challenge is due: the link is told <see cref="PeerLink.ChallengeExpired"/>.</summary>
    private sealed record ProofDue(IActorRef Link);

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RateLimitSettings _limits;
    private readonly RateLimiter<(Address, Uid)> _registers;
    // Per associated peer system, whatever UIDs it claims: other users' certificates are public, so
    // claiming many UIDs must not multiply what one connection may ask for.
    private readonly RateLimiter<Address> _perAssociation;
    private readonly BurstLog<Address> _associationRefusals = new();
    private readonly BurstLog<(Address, Uid)> _refusals = new();
    // PeerLinks still waiting for their proof, grouped by the peer system they came over.
    private readonly PendingProofs<IActorRef, Address, (Address, Uid)> _pending;
    private readonly Associations _associations;
    private long _spoofed;
    private long _serial;
    private long _evicted;

    public PeerLinks(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals, Associations associations)
    {
        _associations = associations;
        _limits = settings.RateLimits;
        _registers = new RateLimiter<(Address, Uid)>(_limits.RegisterBurst, _limits.RegisterPerSecond, () => Context.System.Scheduler.Now);
        _perAssociation = new RateLimiter<Address>(_limits.AssociationRegisterBurst, _limits.AssociationRegisterPerSecond, () => Context.System.Scheduler.Now);
        _pending = new PendingProofs<IActorRef, Address, (Address, Uid)>(_limits.MaxUnauthenticatedLinksPerUid, _limits.MaxUnauthenticatedLinks);
        // One Props for every link: made per Register, it stayed in each link's cell (a registered user's bytes).
        var linkProps = PeerLink.Props(settings, trust, registry, proposals);
        if (Context.System.Settings.Config.HasPath(MailboxId)) linkProps = linkProps.WithMailbox(MailboxId);
        Receive<Register>(register =>
        {
            if (register.Uid is null) return;
            var key = (Sender.Path.Address, register.Uid);
            if (!_associations.Vouches(key.Address))
            {
                // Any answer would make the directory dial the made-up address: drop it, counted.
                CountSpoofed(key.Address, register.Uid);
                return;
            }
            if (key.Address.HasGlobalScope && !_perAssociation.TryAcquire(key.Address))
            {
                // A flood over one connection: answered and logged once per burst, counted otherwise,
                // so refusing costs the directory less than sending costs the flooder.
                if (_associationRefusals.Refused(key.Address, Now, out var due))
                {
                    var why = $"more than {_limits.AssociationRegisterBurst} Register from this peer system at once (then {_limits.AssociationRegisterPerSecond:0.##}/s)";
                    _log.Warning("registration storm: refusing Register from {0}: {1} (further refusals in this burst are counted, not logged or answered)", key.Address, why);
                    Sender.Tell(new RegistrationRejected($"rate limited: {why}"), ActorRefs.NoSender);
                }
                else if (due is { } summary)
                    _log.Warning("registration storm from {0} goes on: {1} Register refused", key.Address, summary.Refused);
                return;
            }
            if (_associationRefusals.Ended(key.Address, Now) is { } flooded)
                _log.Warning("registration storm from {0} over: {1} Register refused", key.Address, flooded.Refused);
            if (Limited(key) is { } reason)
            {
                if (_refusals.Refused(key, Now, out var due))
                    _log.Warning("registration storm: refusing Register of {0} from {1}: {2} (further refusals in this burst are counted, not logged)", register.Uid, key.Address, reason);
                else if (due is { } summary)
                    _log.Warning("registration storm of {0} from {1} goes on: {2} Register refused", register.Uid, key.Address, summary.Refused);
                // No sender: the peer learns no ref but its own PeerLinks'.
                Sender.Tell(new RegistrationRejected($"rate limited: {reason}"), ActorRefs.NoSender);
                return;
            }
            if (_refusals.Ended(key, Now) is { } refused)
                _log.Warning("registration storm of {0} from {1} over: {2} Register refused", register.Uid, key.Address, refused.Refused);
            var name = $"{register.Uid}-{++_serial}";
            var link = Context.ActorOf(linkProps, name);
            Context.Watch(link);
            _log.Debug("register of {0} from {1} handed to {2}", register.Uid, Sender.Path, link.Path);
            link.Forward(register);
            // The link checks its own deadline at the proof; this timer ends a link whose peer never answers.
            Timers.StartSingleTimer(link, new ProofDue(link), settings.NonceLifetime);
            // Room is made after the newcomer's Register is on its way, and never by refusing it.
            var evicted = _pending.Admit(link, key.Address, key);
            foreach (var other in evicted) other.Tell(PeerLink.Evict.Instance);
            if (evicted.Count > 0) CountEvictions(evicted.Count);
        });
        // Block bodies: a bool-returning lambda would pick Receive's predicate overload and leave
        // Terminated unhandled (a DeathPactException restarting this actor).
        // Watched only while it waits for its proof: the registry watches registered links.
        Receive<PeerLink.Authenticated>(_ =>
        {
            _pending.Remove(Sender);
            Timers.Cancel(Sender);
            Context.Unwatch(Sender);
        });
        Receive<ProofDue>(m => m.Link.Tell(PeerLink.ChallengeExpired.Instance));
        Receive<Terminated>(t =>
        {
            _pending.Remove(t.ActorRef);
            Timers.Cancel(t.ActorRef);
        });
        Receive<AssociatedEvent>(e => { _associations.On(e); });
        Receive<DisassociatedEvent>(e => { _associations.On(e); });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AssociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
    }

    /// <summary>Registers from made-up sender addresses are logged at the first and then once per ten thousand.</summary>
    private void CountSpoofed(Address sender, Uid uid)
    {
        if (_spoofed++ % 10_000 != 0) return;
        _log.Warning("Register of {0} from {1} dropped unanswered: no peer system is associated from that address (a made-up sender path); {2} dropped so far",
            uid, sender, _spoofed);
    }

    /// <summary>Why this Register may not go on now, or null. Room is never a reason: see <see cref="PendingProofs{TLink,TGroup,TKey}"/>.</summary>
    private string? Limited((Address, Uid) key)
    {
        if (!_registers.TryAcquire(key))
            return $"more than {_limits.RegisterBurst} Register of {key.Item2} at once (then {_limits.RegisterPerSecond:0.##}/s)";
        return null;
    }

    /// <summary>Evictions are logged at the first and then once per thousand, not per Register.</summary>
    private void CountEvictions(int now)
    {
        var before = _evicted;
        _evicted += now;
        if (before > 0 && _evicted / 1000 == before / 1000) return;
        _log.Warning("registration flood: {0} registrations are waiting for their proof (the limit); {1} evicted so far, each from the peer system holding most",
            _pending.Count, _evicted);
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PostStop()
    {
        foreach (var burst in _associationRefusals.Flush(Now))
            _log.Warning("registration storm from {0}: {1} Register refused", burst.Key, burst.Refused);
        foreach (var burst in _refusals.Flush(Now))
            _log.Warning("registration storm of {0} from {1}: {2} Register refused", burst.Key.Item2, burst.Key.Item1, burst.Refused);
    }

    protected override SupervisorStrategy SupervisorStrategy() => LoggedOneForOneStrategy.StopAlways();
}
