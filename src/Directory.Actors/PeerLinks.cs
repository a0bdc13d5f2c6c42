using Akka.Actor;
using Akka.Event;
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
    private long _serial;

    public PeerLinks(DirectorySettings settings, AuthorityTrust trust, IActorRef registry, IActorRef proposals)
    {
        Receive<Register>(register =>
        {
            var name = $"{register.Uid}-{++_serial}";
            var link = Context.ActorOf(PeerLink.Props(settings, trust, registry, proposals), name);
            _log.Debug("register of {0} from {1} handed to {2}", register.Uid, Sender.Path, link.Path);
            link.Forward(register);
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => LoggedOneForOneStrategy.StopAlways();
}
