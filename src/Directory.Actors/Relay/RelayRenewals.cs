using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Relay;

/// <summary>
/// /user/proposals/relay-renewals: fresh relay tokens for pairs whose relayed link was lost (wire 1.6,
/// docs/protocol.md "Fresh relay tokens"). Matches the two members' requests (<see cref="RenewalBook{TLink}"/>
/// holds the rule: both must ask), tells the node's relay the token before either member hears of it,
/// and sends both the same <see cref="RelayRenewed"/> through their PeerLinks.
/// </summary>
public sealed class RelayRenewals : ReceiveActor, IWithTimers
{
    public const string Name = "relay-renewals";

    /// <summary>From a registered PeerLink: its peer <paramref name="By"/> asks for a fresh token with <paramref name="Peer"/>.</summary>
    public sealed record Wanted(ConversationId Conversation, Uid By, Uid Peer, IActorRef Link);

    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }

    public static Props Props(RelayReference relay, TimeSpan window) =>
        Akka.Actor.Props.Create(() => new RelayRenewals(relay, window));

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RelayReference _relay;
    private readonly TimeSpan _window;
    private readonly RenewalBook<IActorRef> _book;

    public RelayRenewals(RelayReference relay, TimeSpan window)
    {
        _relay = relay;
        _window = window;
        _book = new RenewalBook<IActorRef>(window);
        Receive<Wanted>(OnWanted);
        Receive<Sweep>(_ =>
        {
            var gone = _book.Expire(Context.System.Scheduler.Now);
            if (gone > 0) _log.Debug("{0} fresh relay request(s) expired unmatched", gone);
        });
    }

    protected override void PreStart() => Timers.StartPeriodicTimer(Sweep.Instance, Sweep.Instance, _window);

    private void OnWanted(Wanted wanted)
    {
        switch (_book.Want(wanted.Conversation, wanted.By, wanted.Peer, wanted.Link, Context.System.Scheduler.Now))
        {
            case RenewalOutcome<IActorRef>.Waiting:
                _log.Debug("{0} asks for a fresh relay token with {1}; waiting for {1} to ask too", wanted.By, wanted.Peer);
                break;
            case RenewalOutcome<IActorRef>.Matched matched:
                var token = Messages.Relay.RelayPreface.NewToken();
                // The relay knows the token before either member can present it.
                _relay.Relay.Tell(new IssueRelayToken(token, wanted.By, wanted.Peer));
                var offer = new RelayOffer(_relay.Endpoint, token);
                wanted.Link.Tell(new PeerLink.ToPeer(new RelayRenewed(wanted.Conversation, wanted.Peer, offer)));
                matched.PeerLink.Tell(new PeerLink.ToPeer(new RelayRenewed(wanted.Conversation, wanted.By, offer)));
                _log.Info("fresh relay token for {0} and {1} in {2}", wanted.By, wanted.Peer, wanted.Conversation);
                break;
            case RenewalOutcome<IActorRef>.Refused refused:
                _log.Info("fresh relay token for {0} refused: {1}", wanted.By, refused.Reason);
                wanted.Link.Tell(new PeerLink.ToPeer(new CommandRefused(DirectoryCommand.Relay, RefusalCode.TooManyRelayRequests, refused.Reason)));
                break;
        }
    }
}
