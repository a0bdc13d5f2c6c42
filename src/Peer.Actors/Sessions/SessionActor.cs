using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// One conversation with one member (a child of its conversation, named <see cref="SessionSpec.ActorName"/>):
/// the handshake and the Double Ratchet of the current link, and nothing else. It seals what its
/// conversation hands it while a link is up, opens what arrives, and owes the peer an Ack for every
/// chat it opens; which messages to (re)send, and what became of each, is the conversation's.
/// States: AwaitingLink -> Handshaking -> Established -> (Closing) -> stopped.
/// How a link is won differs by side: <see cref="DialingSession"/> dials (through the spec's link
/// factory, redialing with backoff), <see cref="ListeningSession"/> is handed inbound links. This base
/// holds what both share: an Established link, its loss, and the end of the session.
/// <para>
/// A link that drops is never repaired: it is closed (its decoder is mid-stream), the next link gets
/// a new handshake and a new ratchet, and the conversation resends what is unacked with the same ids.
/// Nothing here logs plaintext, keys or payload bytes.
/// </para>
/// </summary>
public abstract class SessionActor : ReceiveActor, IWithTimers
{
    /// The reason <see cref="SessionEnded"/> gives when the peer said Bye (the node tells its user who left).
    public const string PeerLeftReason = "peer left";

    private readonly SessionKeyPair _keys;
    private readonly OwedAcks _owedAcks = new();
    // Made in PreStart: Akka hands the actor its timers after the constructor has run.
    private FreshRelayAsks _freshRelay = null!;

    public static Props Props(SessionSpec spec) => spec switch
    {
        null => throw new ArgumentNullException(nameof(spec)),
        { Dialer: true } => Akka.Actor.Props.Create(() => new DialingSession(spec)),
        _ => Akka.Actor.Props.Create(() => new ListeningSession(spec)),
    };

    protected SessionActor(SessionSpec spec)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _keys = new SessionKeyPair(spec);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    protected SessionSpec Spec { get; }

    protected IHandshakeSigner Signer => _keys.Signer;

    /// The link in use: up (Established), or past the peer's Hello and waiting for its Ready (listener).
    protected SecureLink? Current { get; set; }

    protected override void PreStart()
    {
        _freshRelay = new FreshRelayAsks(Spec, Timers);
        Log.Info("session with {0} started as {1}", Spec.Peer, Spec.Dialer ? "dialer" : "listener");
    }

    protected override void PostStop()
    {
        Current?.Dispose();
        _keys.Dispose();
    }

    // ---- what each side adds ------------------------------------------------------------------------

    /// Handlers of the Established state that depend on the side (a listener takes newer links).
    protected abstract void WhileEstablished();

    /// The link is gone (already retired): wait for, or go after, the next one.
    protected abstract void AwaitNextLink();

    // ---- states -------------------------------------------------------------------------------------

    private void Established()
    {
        var link = Current!.Link;
        Receive<FrameReceived>(_ => Sender.Equals(link), received => OnSealed(received.Frame));
        Receive<FlushAcks>(_ => _owedAcks.SendOn(Current!));
        Receive<SendChat>(chat => Current!.Send(chat.Payload()));
        Receive<CloseSession>(close => SayBye(close.Reason));
        Receive<LinkClosed>(_ => Sender.Equals(link), closed => LinkLost(closed.Reason, linkEnded: true));
        Receive<LinkOverloaded>(_ => Sender.Equals(link), _ => LinkLost("the peer does not read (write queue full)", linkEnded: false));
        Receive<Terminated>(t => t.ActorRef.Equals(link), _ => LinkLost("link actor stopped", linkEnded: true));
        WhileEstablished();
        CommonHandlers();
    }

    /// After our Bye: wait for the peer's end of stream (or the linger time), then report and stop.
    private void Closing(string reason)
    {
        var link = Current!.Link;
        Receive<LinkClosed>(_ => Sender.Equals(link), _ => { ForgetLink(); Finish(reason); });
        Receive<Terminated>(t => t.ActorRef.Equals(link), _ => { ForgetLink(); Finish(reason); });
        Receive<ByeLingerOver>(_ => Finish(reason));
        Receive<InboundHello>(hello => hello.Connection.Tell(new RefuseLink("session closing")));
        ReceiveAny(_ => { });
    }

    /// Last in every state but Closing: what holds whether or not a link is up, and news from links already dropped.
    protected void CommonHandlers()
    {
        // No link: the conversation hands over everything unacked again when the next one is up.
        Receive<SendChat>(_ => { });
        Receive<CloseSession>(close => Finish(close.Reason));
        Receive<InboundHello>(hello => Refuse(hello, "this side dials, it does not accept links"));
        Receive<FlushAcks>(_ => { }); // the link they were owed on is gone: the peer resends, we ack then
        Receive<FrameReceived>(_ => { });
        Receive<LinkConnected>(_ => { });
        Receive<LinkClosed>(_ => { });
        Receive<LinkOverloaded>(_ => { });
        Receive<Terminated>(_ => { });
        Receive<HandshakeTimedOut>(_ => { });
        Receive<CandidateTimedOut>(_ => { });
        Receive<ByeLingerOver>(_ => { });
        Receive<AskFreshRelay>(_ => _freshRelay.Due(linkInUse: Current is not null));
        Receive<RelayRenewedForSession>(fresh =>
        {
            if (Current is not null) return; // a link is up or being won: this token is not needed
            _freshRelay.Came();
            OnFreshRelay(fresh.Relay);
        });
    }

    /// A fresh relay token for this pair came (wire 1.6): a dialer redials with it; a listener's node already waits at the relay.
    protected virtual void OnFreshRelay(Messages.Directory.RelayOffer relay) { }

    // ---- links ----------------------------------------------------------------------------------------

    /// The handshake on <paramref name="link"/> is done: report it (the conversation resends every unacked message on it).
    protected void LinkUp(SecureLink link)
    {
        Current = link;
        Timers.Cancel(HandshakeTimedOut.Instance);
        _freshRelay.LinkUp();
        Log.Info("link with {0} is up{1}", Spec.Peer, link.Relayed ? " (through the relay)" : "");
        Context.Parent.Tell(new SessionEstablished(Spec.Conversation, Spec.Peer) { Relayed = link.Relayed });
        Become(Established);
    }

    private void LinkLost(string reason, bool linkEnded)
    {
        var relayed = Current?.Relayed == true;
        Retire(reason, linkEnded, wasUp: true);
        _freshRelay.LinkLost(relayed);
        AwaitNextLink();
    }

    /// <summary>
    /// Closes the current link (unless it ended by itself: then a close would be a dead letter) and
    /// forgets its ratchet; tells the conversation if the link was up. Acks owed on it are not sent
    /// (the peer resends, and we ack then).
    /// </summary>
    protected void Retire(string reason, bool linkEnded, bool wasUp)
    {
        _owedAcks.Clear();
        Timers.Cancel(HandshakeTimedOut.Instance);
        if (Current is { } link)
        {
            Context.Unwatch(link.Link);
            if (!linkEnded) link.Close(reason);
            link.Dispose();
            Current = null;
        }
        if (wasUp)
        {
            Log.Warning("link with {0} lost: {1}", Spec.Peer, reason);
            Context.Parent.Tell(new SessionLinkLost(Spec.Conversation, Spec.Peer, reason));
        }
        else Log.Warning("link with {0} failed before the handshake ended: {1}", Spec.Peer, reason);
    }

    private void ForgetLink()
    {
        Context.Unwatch(Current!.Link);
        Current.Dispose();
        Current = null;
    }

    protected void Refuse(InboundHello inbound, string reason)
    {
        Log.Warning("inbound link {0} refused: {1}", inbound.Connection.Path, reason);
        inbound.Connection.Tell(new RefuseLink(reason));
    }

    /// A new link's ratchet, with the spec's receipt deferral, behind the cipher the link will use.
    protected ILinkCipher Adopt(DoubleRatchet ratchet)
    {
        ratchet.Deferral = Spec.ReceiptDeferral;
        return Spec.CipherFor(ratchet);
    }

    protected HandshakePeer HandshakePeer() => _keys.Peer();

    protected void StartHandshakeTimer() =>
        Timers.StartSingleTimer(HandshakeTimedOut.Instance, HandshakeTimedOut.Instance, Spec.HandshakeTimeout);

    protected string HandshakeTimeoutReason => $"handshake not done within {Spec.HandshakeTimeout.TotalSeconds:0.#} s";

    // ---- an Established link ------------------------------------------------------------------------

    private void OnSealed(Frame frame)
    {
        if (Log.IsDebugEnabled) Log.Debug("{0} frame of {1} bytes", frame.Type, frame.Body.Length);
        if (!TryOpen(frame, reason => LinkLost(reason, linkEnded: false), out var payload)) return;
        switch (payload)
        {
            case ChatPayload chat:
                // Acked every time (our earlier Ack may have been lost with a link); the conversation shows it once.
                if (_owedAcks.Owe(chat.Id)) Self.Tell(FlushAcks.Instance);
                Context.Parent.Tell(new ChatArrived(Spec.Conversation, Spec.Peer, chat.Id, chat.Text,
                    DateTimeOffset.FromUnixTimeMilliseconds(chat.SentAtUnixMs), TimeSpan.FromSeconds(chat.TtlSeconds)));
                break;
            case AckPayload ack:
                Context.Parent.Tell(new ChatsAcknowledged(Spec.Conversation, Spec.Peer, ack.Ids));
                break;
            case ByePayload:
                Log.Info("{0} said Bye", Spec.Peer);
                Current!.Close("the peer said Bye");
                ForgetLink();
                Finish(PeerLeftReason);
                break;
            case ReadyPayload:
                Log.Debug("a second Ready ignored");
                break;
        }
    }

    /// Opens a Sealed frame of <see cref="Current"/>; false when it did not open or the link had to go (<paramref name="drop"/>).
    protected bool TryOpen(Frame frame, Action<string> drop, out IPayload? payload)
    {
        if (Current!.TryOpen(frame, Log, Spec.Peer, out payload, out var dropReason)) return true;
        if (dropReason is not null) drop(dropReason);
        return false;
    }

    // ---- the end ------------------------------------------------------------------------------------

    private void SayBye(string reason)
    {
        Log.Info("closing ({0}), saying Bye to {1}", reason, Spec.Peer);
        Current!.Send(ByePayload.Instance);
        Current.Close(reason, graceful: true);
        Timers.StartSingleTimer(ByeLingerOver.Instance, ByeLingerOver.Instance, Spec.ByeLinger + TimeSpan.FromMilliseconds(500));
        Become(() => Closing(reason));
    }

    /// Says the session ended (its conversation reports what the peer never acknowledged) and stops.
    protected void Finish(string reason)
    {
        Log.Info("session with {0} ended: {1}", Spec.Peer, reason);
        Context.Parent.Tell(new SessionEnded(Spec.Conversation, Spec.Peer, reason));
        Context.Stop(Self);
        Become(() => ReceiveAny(_ => { }));
    }
}
