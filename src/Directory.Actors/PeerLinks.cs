using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using Encryptio.Directory.Limits;
using Encryptio.Directory.Supervision;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// /user/peers: parent of every <see cref="PeerLink"/>. Gives each Register a fresh child named
/// &lt;uid&gt;-&lt;n&gt; (n never reused while this actor lives, so a reconnecting peer never meets its old
/// link's mailbox). A link that fails is stopped: its peer re-registers, nobody else notices.
/// Links waiting for their proof are capped (<see cref="PendingProofs{TLink,TGroup,TKey}"/>): when the
/// table is full the peer system holding most gives a place up, so a flooder evicts itself and an
/// honest newcomer always gets its challenge.
/// </summary>
public sealed class PeerLinks : ReceiveActor
{
    public static Props Props(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals) =>
        Akka.Actor.Props.Create(() => new PeerLinks(settings, trust, registry, proposals));

    /// <summary>The group of every Register whose sender address no peer system is associated from: spoofed, or not yet seen.</summary>
    internal static readonly Address Unverified = new("unverified", "unverified");

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RateLimitSettings _limits;
    private readonly RateLimiter<(Address, Uid)> _registers;
    private readonly BurstLog<(Address, Uid)> _refusals = new();
    // PeerLinks still waiting for their proof, grouped by the peer system they came over.
    private readonly PendingProofs<IActorRef, Address, (Address, Uid)> _pending;
    // Peer systems with a live association (a mutual-TLS connection whose Akka handshake named them).
    // A sender path is whatever the remote writes; an association costs a TLS handshake per address.
    private readonly Dictionary<Address, int> _associated = new();
    private long _serial;
    private long _evicted;

    public PeerLinks(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals)
    {
        _limits = settings.RateLimits;
        _registers = new RateLimiter<(Address, Uid)>(_limits.RegisterBurst, _limits.RegisterPerSecond, () => Context.System.Scheduler.Now);
        _pending = new PendingProofs<IActorRef, Address, (Address, Uid)>(_limits.MaxUnauthenticatedLinksPerUid, _limits.MaxUnauthenticatedLinks);
        Receive<Register>(register =>
        {
            if (register.Uid is null) return;
            var key = (Sender.Path.Address, register.Uid);
            if (Limited(key) is { } reason)
            {
                if (_refusals.Refused(key))
                    _log.Warning("registration storm: refusing Register of {0} from {1}: {2} (further refusals in this burst are counted, not logged)", register.Uid, key.Address, reason);
                // No sender: the peer learns no ref but its own PeerLinks'.
                Sender.Tell(new RegistrationRejected($"rate limited: {reason}"), ActorRefs.NoSender);
                return;
            }
            if (_refusals.Allowed(key) is var refused and > 0)
                _log.Warning("registration storm of {0} from {1} over: {2} Register refused", register.Uid, key.Address, refused);
            var name = $"{register.Uid}-{++_serial}";
            var link = Context.ActorOf(PeerLink.Props(settings, trust, registry, proposals), name);
            Context.Watch(link);
            _log.Debug("register of {0} from {1} handed to {2}", register.Uid, Sender.Path, link.Path);
            link.Forward(register);
            // Room is made after the newcomer's Register is on its way, and never by refusing it.
            var evicted = _pending.Admit(link, GroupOf(key.Address), key);
            foreach (var other in evicted) other.Tell(PeerLink.Evict.Instance);
            if (evicted.Count > 0) CountEvictions(evicted.Count);
        });
        Receive<PeerLink.Authenticated>(_ => _pending.Remove(Sender));
        Receive<Terminated>(t => _pending.Remove(t.ActorRef));
        Receive<AssociatedEvent>(e => _associated[e.RemoteAddress] = _associated.GetValueOrDefault(e.RemoteAddress) + 1);
        Receive<DisassociatedEvent>(e =>
        {
            if (_associated.GetValueOrDefault(e.RemoteAddress) <= 1) _associated.Remove(e.RemoteAddress);
            else _associated[e.RemoteAddress]--;
        });
        Receive<RemotingLifecycleEvent>(_ => { });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(AssociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
    }

    /// <summary>A local sender (tests, the bench) is its own group; a remote one only while associated.</summary>
    private Address GroupOf(Address sender) =>
        !sender.HasGlobalScope || _associated.ContainsKey(sender) ? sender : Unverified;

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

    protected override void PostStop()
    {
        foreach (var (key, refused) in _refusals.Flush())
            _log.Warning("registration storm of {0} from {1}: {2} Register refused", key.Item2, key.Item1, refused);
    }

    protected override SupervisorStrategy SupervisorStrategy() => LoggedOneForOneStrategy.StopAlways();
}
