using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Limits;
using Encryptio.Directory.Supervision;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// /user/peers: parent of every <see cref="PeerLink"/>. Gives each Register a fresh child named
/// &lt;uid&gt;-&lt;n&gt; (n never reused while this actor lives, so a reconnecting peer never meets its old
/// link's mailbox). A link that fails is stopped: its peer re-registers, nobody else notices.
/// </summary>
public sealed class PeerLinks : ReceiveActor
{
    public static Props Props(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals) =>
        Akka.Actor.Props.Create(() => new PeerLinks(settings, trust, registry, proposals));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RateLimitSettings _limits;
    private readonly RateLimiter<(Address, Uid)> _registers;
    private readonly BurstLog<(Address, Uid)> _refusals = new();
    // PeerLinks still waiting for their proof, and whose (peer system, UID) they serve.
    private readonly Dictionary<IActorRef, (Address, Uid)> _unauthenticated = new();
    private long _serial;

    public PeerLinks(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals)
    {
        _limits = settings.RateLimits;
        _registers = new RateLimiter<(Address, Uid)>(_limits.RegisterBurst, _limits.RegisterPerSecond, () => Context.System.Scheduler.Now);
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
            _unauthenticated[link] = key;
            _log.Debug("register of {0} from {1} handed to {2}", register.Uid, Sender.Path, link.Path);
            link.Forward(register);
        });
        Receive<PeerLink.Authenticated>(_ => { _unauthenticated.Remove(Sender); });
        Receive<Terminated>(t => { _unauthenticated.Remove(t.ActorRef); });
    }

    /// <summary>Why this Register may not go on now, or null.</summary>
    private string? Limited((Address, Uid) key)
    {
        if (_unauthenticated.Count >= _limits.MaxUnauthenticatedLinks)
            return $"{_unauthenticated.Count} registrations are waiting for their proof; try again shortly";
        var pending = _unauthenticated.Values.Count(k => k.Equals(key));
        if (pending >= _limits.MaxUnauthenticatedLinksPerUid)
            return $"{pending} registrations of {key.Item2} from this peer are waiting for their proof";
        if (!_registers.TryAcquire(key))
            return $"more than {_limits.RegisterBurst} Register of {key.Item2} at once (then {_limits.RegisterPerSecond:0.##}/s)";
        return null;
    }

    protected override void PostStop()
    {
        foreach (var (key, refused) in _refusals.Flush())
            _log.Warning("registration storm of {0} from {1}: {2} Register refused", key.Item2, key.Item1, refused);
    }

    protected override SupervisorStrategy SupervisorStrategy() => LoggedOneForOneStrategy.StopAlways();
}
