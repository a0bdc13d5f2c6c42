using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Session;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// One conversation with one member (a child of the PeerActor named <see cref="SessionSpec.ActorName"/>):
/// the handshake, the Double Ratchet of the current link, the unacked outbox, the ids already shown
/// and the TTL timers. States: AwaitingLink -> Handshaking -> Established -> (Closing) -> stopped.
/// <para>
/// The dialer owns its link as the child `connection`; the listener is handed an inbound link (a
/// child of the ListenerActor) through <see cref="InboundHello"/>. A link that drops is never
/// repaired: its actor is stopped (its decoder is mid-stream), the dialer redials with exponential
/// backoff and jitter, and the new link gets a new handshake and a new ratchet; the outbox survives
/// and is resent with the same ids. Nothing here logs plaintext, keys or payload bytes.
/// </para>
/// </summary>
public sealed partial class SessionActor : ReceiveActor, IWithTimers
{
    private const string ConnectionName = "connection";

    /// The reason <see cref="SessionEnded"/> gives when the peer said Bye (the node tells its user who left).
    public const string PeerLeftReason = "peer left";

    // Strict, so a lone surrogate is caught here (as not deliverable) rather than by the encoder later.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SessionSpec _spec;
    private readonly byte[] _conversationBytes;
    private readonly ECDsa _peerKey;
    private readonly ECDsa _myKey;
    private readonly IHandshakeSigner _signer;
    private readonly ExponentialBackoff _backoff;
    // Insertion order is resend order.
    private readonly OrderedDictionary<MessageId, SendChat> _outbox = new();
    private readonly HashSet<MessageId> _seen = new();
    private readonly Queue<MessageId> _seenOrder = new();
    private readonly List<MessageId> _pendingAcks = new();
    // Flow control on the current link: Chat frames handed to the link and not yet acked, and the
    // outbox ids still to send on it. Without it a large outbox (or a fast typist) overflows the
    // link's 1 MiB write queue, the link is dropped, and the resend on the next link overflows it again.
    private readonly Dictionary<MessageId, int> _inFlight = new();
    private readonly Queue<MessageId> _toSend = new();
    private int _inFlightBytes;
    private bool _windowFull;

    /// Chat bytes in flight on one link: well under <see cref="ConnectionActor.MaxQueuedBytes"/>.
    public const int SendWindowBytes = 512 * 1024;

    private IActorRef? _connection;
    private bool _connectionIsChild;
    private DialerHandshake? _dialerHandshake;
    // The current link's ratchet (through the spec's override only in the benchmark).
    private ILinkCipher? _cipher;
    // Listener only: a newer link whose Hello verified while the current one is still up. It replaces
    // the current link only once its Ready opens, so a replayed Hello cannot take a working link down.
    private IActorRef? _candidate;
    private ILinkCipher? _candidateCipher;
    private bool _established;
    private int _generation;
    private int _attempt;
    private bool _redialDue;
    private int _badPayloads;
    private string? _closingReason;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SessionSpec spec) => Akka.Actor.Props.Create(() => new SessionActor(spec));

    public SessionActor(SessionSpec spec)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        _conversationBytes = spec.Conversation.ToBytes();
        _peerKey = spec.PeerCertificate.GetECDsaPublicKey() ?? throw new ArgumentException("the peer certificate holds no ECDSA key", nameof(spec));
        _myKey = spec.Me.Certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("our certificate holds no ECDSA private key", nameof(spec));
        _signer = new EcdsaHandshakeSigner(_myKey);
        _backoff = new ExponentialBackoff(spec.RedialBackoffMin, spec.RedialBackoffMax);
        AwaitingLink();
    }

    protected override void PreStart()
    {
        _log.Info("session with {0} started as {1}", _spec.Peer, _spec.Dialer ? "dialer" : "listener");
        if (_spec.Dialer) Dial();
    }

    protected override void PostStop()
    {
        // An inbound link is the listener's child, so it does not stop with us: close it.
        if (_connection is not null && !_connectionIsChild) _connection.Tell(new CloseLink("session stopped"));
        _candidate?.Tell(new CloseLink("session stopped"));
        _candidateCipher?.Dispose();
        _cipher?.Dispose();
        _dialerHandshake?.Dispose();
        _peerKey.Dispose();
        _myKey.Dispose();
    }

    /// A link actor that throws is stopped, never restarted: its decoder state is mid-stream.
    /// The Terminated that follows takes the lost-link path (redial, keep the outbox).
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(e =>
    {
        _log.Warning("link child failed with {0}: {1}; stopping it", e.GetType().Name, e.Message);
        return Directive.Stop;
    });

    // ---- states ---------------------------------------------------------------------------------

    private void AwaitingLink()
    {
        Receive<Redial>(_ => OnRedial());
        CommonHandlers();
    }

    private void DialerHandshaking()
    {
        Receive<FrameReceived>(received => Sender.Equals(_connection), received => OnHelloReply(received.Frame));
        Receive<LinkConnected>(connected => _log.Debug("connected to {0}", connected.Remote));
        CommonHandlers();
    }

    private void ListenerHandshaking()
    {
        Receive<FrameReceived>(received => Sender.Equals(_connection), received => OnFirstSealed(received.Frame));
        CommonHandlers();
    }

    private void Established()
    {
        Receive<FrameReceived>(received => Sender.Equals(_connection), received => OnSealed(received.Frame));
        Receive<FlushAcks>(_ => SendAcks());
        CommonHandlers();
    }

    /// After our Bye: wait for the peer's end of stream (or the linger time), then report and stop.
    private void Closing()
    {
        Receive<LinkClosed>(_ => Sender.Equals(_connection), _ => Finish(_closingReason!));
        Receive<Terminated>(t => t.ActorRef.Equals(_connection), _ => Finish(_closingReason!));
        Receive<ByeLingerOver>(_ => Finish(_closingReason!));
        Receive<SendChat>(chat => NotDelivered(chat.Id, "session closing"));
        Receive<InboundHello>(hello => hello.Connection.Tell(new RefuseLink("session closing")));
        ReceiveAny(_ => { });
    }

    private void CommonHandlers()
    {
        Receive<SendChat>(OnSendChat);
        Receive<CloseSession>(OnCloseSession);
        Receive<TtlPassed>(OnTtlPassed);
        Receive<InboundHello>(OnInboundHello);
        Receive<HandshakeTimedOut>(timeout => timeout.Generation == _generation && !_established, _ =>
            DropLink($"handshake not done within {_spec.HandshakeTimeout.TotalSeconds:0.#} s"));
        Receive<LinkClosed>(closed => Sender.Equals(_connection), closed => DropLink(closed.Reason));
        Receive<LinkOverloaded>(_ => Sender.Equals(_connection), _ => DropLink("the peer does not read (write queue full)"));
        Receive<FrameReceived>(_ => Sender.Equals(_candidate), received => OnCandidateFrame(received.Frame));
        Receive<LinkClosed>(_ => Sender.Equals(_candidate), closed => DropCandidate(closed.Reason));
        Receive<LinkOverloaded>(_ => Sender.Equals(_candidate), _ => DropCandidate("the peer does not read (write queue full)"));
        Receive<CandidateTimedOut>(timeout => timeout.Generation == _generation && _candidate is not null, _ =>
            DropCandidate($"handshake not done within {_spec.HandshakeTimeout.TotalSeconds:0.#} s"));
        Receive<Terminated>(OnTerminated);
        Receive<Redial>(_ => { });
        Receive<GiveUp>(_ => OnGiveUp());
        Receive<FlushAcks>(_ => _pendingAcks.Clear()); // no link: the peer resends and we ack then
        Receive<FrameReceived>(_ => { }); // from a link we already dropped
        Receive<LinkConnected>(_ => { });
        Receive<ByeLingerOver>(_ => { });
    }

    // ---- private messages -----------------------------------------------------------------------

    private sealed record TtlPassed(MessageId Id);

    private sealed record HandshakeTimedOut(int Generation);

    private sealed record CandidateTimedOut(int Generation);

    private sealed class CandidateTimerKey
    {
        public static readonly CandidateTimerKey Instance = new();
    }

    private sealed class HandshakeTimerKey
    {
        public static readonly HandshakeTimerKey Instance = new();
    }

    private sealed class Redial
    {
        public static readonly Redial Instance = new();
    }

    private sealed class GiveUp
    {
        public static readonly GiveUp Instance = new();
    }

    private sealed class FlushAcks
    {
        public static readonly FlushAcks Instance = new();
    }

    private sealed class ByeLingerOver
    {
        public static readonly ByeLingerOver Instance = new();
    }
}
