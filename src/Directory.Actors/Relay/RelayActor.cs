using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

/// <summary>
/// /user/relay: the directory node's relay (docs/protocol.md, "Relay"). Learns tokens from the
/// proposals in-process, pairs the connections that present them (<see cref="RelayBook{T}"/> holds
/// the rules), starts a <see cref="Splice"/> per pair and answers every refusal. Refusals are logged
/// once per burst: the first at once, the rest counted and summed up when the burst goes quiet.
/// The byte pumps run off the actor; the actor only decides who is joined to whom.
/// </summary>
public sealed class RelayActor : ReceiveActor, IWithTimers
{
    public const string Name = "relay";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RelaySettings _settings;
    private readonly RelayAcceptor _acceptor;
    private readonly X509Certificate2 _certificate;
    private readonly AuthorityTrust _trust;
    private readonly RelayBook<RelayConnection> _book;
    private readonly CancellationTokenSource _stop = new();
    private readonly SharedByteRate _nodeRate;
    private long _refusedInBurst;
    private bool _inBurst;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="acceptor">Already bound; the actor starts its accept loop and disposes it when it stops.</param>
    public static Props Props(RelaySettings settings, RelayAcceptor acceptor, X509Certificate2 certificate, AuthorityTrust trust) =>
        Akka.Actor.Props.Create(() => new RelayActor(settings, acceptor, certificate, trust));

    public RelayActor(RelaySettings settings, RelayAcceptor acceptor, X509Certificate2 certificate, AuthorityTrust trust)
    {
        _settings = settings.Validate();
        _acceptor = acceptor;
        _certificate = certificate;
        _trust = trust;
        _book = new RelayBook<RelayConnection>(settings.MaxPairsPerUid, settings.MaxPairs);
        _nodeRate = new SharedByteRate(_settings.MaxNodeBytesPerSecond, DateTimeOffset.UtcNow);

        Receive<IssueRelayToken>(issue => _book.Issue(issue.Token.AsSpan(), issue.A, issue.B, Now + _settings.TokenLifetime));
        Receive<ClaimRelay>(OnClaim);
        Receive<RelayRefusedEarly>(early => Refused(early.Code, early.Reason));
        Receive<SpliceEnded>(ended =>
        {
            _book.PairEnded(ended.A, ended.B);
            _log.Info("relay: pair {0}-{1} ended ({2}); {3} bytes and {4} bytes relayed", ended.A, ended.B, ended.Result.Reason, ended.Result.BytesAtoB, ended.Result.BytesBtoA);
        });
        Receive<Sweep>(_ => OnSweep());
        Receive<WaitingEndGone>(gone =>
        {
            // Not in the book any more: it was spliced or expired meanwhile, and that path closes it.
            if (!_book.Abandon(gone.Connection)) return;
            _log.Info("relay: {0} from {1} {2}", gone.Connection.Uid, gone.Connection.Remote, gone.Reason);
            gone.Connection.Dispose();
        });
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        _acceptor.Start(Self, _certificate, _trust, _settings);
        var sweep = TimeSpan.FromTicks(Math.Min(_settings.RefusalBurstQuiet.Ticks, Math.Max(TimeSpan.TicksPerMillisecond * 100, _settings.TokenLifetime.Ticks / 10)));
        Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, sweep);
        _log.Info("relay listening on port {0}", _acceptor.Port);
    }

    protected override void PostStop()
    {
        _acceptor.Dispose();
        _stop.Cancel(); // every splice closes both its ends
        foreach (var waiting in _book.Expire(DateTimeOffset.MaxValue))
            _ = waiting.RefuseAsync(new RelayAnswer(RelayRefusal.ShuttingDown, "the relay is stopping"));
        FlushRefusals();
    }

    private void OnClaim(ClaimRelay claim)
    {
        var connection = claim.Connection;
        switch (_book.Claim(claim.Token, connection.Uid, connection, Now))
        {
            case ClaimOutcome<RelayConnection>.Waiting:
                // Its place is held until the partner comes, the token expires, or it goes away.
                _log.Debug("relay: {0} waits for its partner", connection.Uid);
                var self = Self;
                connection.WatchWhileWaiting(reason => self.Tell(new WaitingEndGone(connection, reason)));
                break;
            case ClaimOutcome<RelayConnection>.Paired paired:
                Join(paired.Partner, connection);
                break;
            case ClaimOutcome<RelayConnection>.Refused refused:
                Refused(refused.Code, $"{connection.Uid} from {connection.Remote}: {refused.Text}");
                _ = connection.RefuseAsync(new RelayAnswer(refused.Code, refused.Text));
                break;
        }
    }

    private void Join(RelayConnection first, RelayConnection second)
    {
        _log.Info("relay: spliced {0} and {1}", first.Uid, second.Uid);
        var self = Self;
        var (a, b) = (first.Uid, second.Uid);
        Splice.RunAsync(first, second, _settings, TimeProvider.System, _stop.Token, _nodeRate)
            .ContinueWith(done => self.Tell(new SpliceEnded(a, b, done.IsCompletedSuccessfully ? done.Result : new Splice.Result("splice failed", 0, 0))),
                TaskScheduler.Default);
    }

    private void OnSweep()
    {
        foreach (var waiting in _book.Expire(Now))
        {
            // Not a sign of abuse: a fallback listener waits here in case its dialer comes this way.
            _log.Info("relay: {0}'s partner did not come within the token's lifetime", waiting.Uid);
            _ = waiting.RefuseAsync(new RelayAnswer(RelayRefusal.PartnerTimeout,
                $"the other member did not come within {_settings.TokenLifetime.TotalSeconds:0} s"));
        }
        if (_inBurst && !_refusalSeenSinceSweep) FlushRefusals();
        _refusalSeenSinceSweep = false;
    }

    private bool _refusalSeenSinceSweep;

    private void Refused(RelayRefusal code, string reason)
    {
        _refusalSeenSinceSweep = true;
        if (!_inBurst)
        {
            _inBurst = true;
            _log.Warning("relay refused ({0}): {1}", RelayPreface.NameOf(code), reason);
            return;
        }
        _refusedInBurst++;
    }

    private void FlushRefusals()
    {
        if (_refusedInBurst > 0) _log.Warning("relay refused {0} more connection(s) in that burst", _refusedInBurst);
        _refusedInBurst = 0;
        _inBurst = false;
    }

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
