using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Link;
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
public sealed class SessionActor : ReceiveActor, IWithTimers
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
        _log.Info("session {0} with {1} started as {2} ({3})", _spec.Conversation, _spec.Peer, _spec.Dialer ? "dialer" : "listener", Self.Path);
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
        _log.Warning("supervisor {0}: link child failed with {1}: {2}; stopping it", Self.Path, e.GetType().Name, e.Message);
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
        Receive<LinkConnected>(connected => _log.Debug("session {0}: connected to {1}", Self.Path, connected.Remote));
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

    // ---- links ----------------------------------------------------------------------------------

    private void Dial()
    {
        if (!Context.Child(ConnectionName).IsNobody())
        {
            // The old link actor has not terminated yet; its name is still taken.
            _redialDue = true;
            return;
        }
        _redialDue = false;
        Passed(HandshakePhase.DialStarted);
        _generation++;
        _connection = Context.ActorOf(ConnectionActor.Dial(_spec.PeerEndpoint!, Self, _spec.HandshakeTimeout), ConnectionName);
        _connectionIsChild = true;
        Context.Watch(_connection);
        _dialerHandshake = new DialerHandshake(HandshakePeer(), _signer, _spec.KeySource);
        // The dialer speaks first, at once; the link queues the Hello until TCP is connected.
        _connection.Tell(new SendFrame(_dialerHandshake.HelloFrame));
        Passed(HandshakePhase.HelloSent);
        StartHandshakeTimer();
        _log.Info("session {0}: dialing {1} at {2} (attempt {3})", Self.Path, _spec.Peer, _spec.PeerEndpoint, _attempt + 1);
        Become(DialerHandshaking);
    }

    private void OnRedial()
    {
        if (_connection is null && _spec.Dialer) Dial();
    }

    private void OnTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_connection))
        {
            DropLink("link actor stopped");
            return;
        }
        if (terminated.ActorRef.Equals(_candidate))
        {
            DropCandidate("link actor stopped");
            return;
        }
        if (_redialDue && _connection is null) Dial();
    }

    private void OnHelloReply(Frame frame)
    {
        if (frame.Type != FrameType.HelloReply)
        {
            DropLink($"protocol violation: {frame.Type} while waiting for HelloReply");
            return;
        }
        Passed(HandshakePhase.ReplyReceived);
        if (!_dialerHandshake!.TryComplete(frame.Body, out var ratchet, out var error))
        {
            _log.Warning("session {0}: HelloReply from {1} refused: {2}", Self.Path, _spec.Peer, error);
            DropLink($"handshake failed: {error}");
            return;
        }
        _dialerHandshake.Dispose();
        _dialerHandshake = null;
        _cipher = Adopt(ratchet);
        // Signal's Alice speaks first so that the listener gets a receiving chain and can answer.
        Send(ReadyPayload.Instance);
        Passed(HandshakePhase.ReadySent);
        LinkUp();
    }

    private void OnInboundHello(InboundHello inbound)
    {
        if (_spec.Dialer || inbound.Conversation != _spec.Conversation || inbound.From != _spec.Peer || inbound.Hello.Type != FrameType.Hello)
        {
            Refuse(inbound, _spec.Dialer ? "this side dials, it does not accept links" : "Hello for another conversation or sender");
            return;
        }
        Passed(HandshakePhase.HelloReceived);
        var handshake = new ListenerHandshake(HandshakePeer(), _signer, _spec.KeySource);
        if (!handshake.TryAccept(inbound.Hello.Body, out var replyFrame, out var ratchet, out var error))
        {
            Refuse(inbound, $"handshake failed: {error}");
            return;
        }
        if (_established)
        {
            HoldCandidate(inbound.Connection, replyFrame, Adopt(ratchet));
            return;
        }
        // Not up yet: a newer verified Hello means the dialer gave up on the half-done link.
        if (_connection is not null) DropLink("replaced by a newer Hello from the peer");

        _generation++;
        _connection = inbound.Connection;
        _connectionIsChild = false;
        Context.Watch(_connection);
        _connection.Tell(new AssignOwner(Self));
        _connection.Tell(new SendFrame(replyFrame));
        Passed(HandshakePhase.ReplySent);
        _cipher = Adopt(ratchet);
        StartHandshakeTimer();
        _log.Info("session {0}: Hello from {1} verified, waiting for Ready", Self.Path, _spec.Peer);
        Become(ListenerHandshaking);
    }

    /// The dialer believes our current link is gone (it redialed), or someone replays its Hello. Only
    /// the real dialer can finish the handshake, so the current link stays until Ready opens here.
    private void HoldCandidate(IActorRef link, byte[] replyFrame, ILinkCipher cipher)
    {
        if (_candidate is not null) DropCandidate("replaced by a newer Hello from the peer");
        _candidate = link;
        _candidateCipher = cipher;
        Context.Watch(link);
        link.Tell(new AssignOwner(Self));
        link.Tell(new SendFrame(replyFrame));
        Timers.StartSingleTimer(CandidateTimerKey.Instance, new CandidateTimedOut(_generation), _spec.HandshakeTimeout);
        _log.Info("session {0}: a new link from {1} verified its Hello; the current link stays until it is Ready", Self.Path, _spec.Peer);
    }

    private void OnCandidateFrame(Frame frame)
    {
        if (frame.Type != FrameType.Sealed)
        {
            DropCandidate($"protocol violation: {frame.Type} before Ready");
            return;
        }
        if (!TryOpenWith(_candidateCipher!, frame, out var payload, out var failure, out _))
        {
            if (failure == OpenFailure.None) DropCandidate("protocol violation: first payload is not Ready");
            else
            {
                _log.Warning("session {0}: a frame on the new link from {1} failed to open ({2}); {3} on that link", Self.Path, _spec.Peer, failure, _candidateCipher!.FailedOpens);
                if (_candidateCipher.TooManyFailedOpens) DropCandidate($"{_candidateCipher.FailedOpens} frames failed to open");
            }
            return;
        }
        if (payload is not ReadyPayload)
        {
            DropCandidate("protocol violation: first payload is not Ready");
            return;
        }

        var link = _candidate!;
        var cipher = _candidateCipher;
        _candidate = null;
        _candidateCipher = null;
        Timers.Cancel(CandidateTimerKey.Instance);
        RetireLink("replaced by a new link from the peer");
        _generation++;
        _connection = link;
        _connectionIsChild = false;
        _cipher = cipher;
        LinkUp();
    }

    private void DropCandidate(string reason)
    {
        if (_candidate is null) return;
        _log.Warning("session {0}: new link {1} from {2} closed before Ready: {3}", Self.Path, _candidate.Path, _spec.Peer, reason);
        Context.Unwatch(_candidate);
        _candidate.Tell(new CloseLink(reason));
        _candidate = null;
        _candidateCipher?.Dispose();
        _candidateCipher = null;
        Timers.Cancel(CandidateTimerKey.Instance);
    }

    private void Refuse(InboundHello inbound, string reason)
    {
        _log.Warning("session {0}: inbound link {1} refused: {2}", Self.Path, inbound.Connection.Path, reason);
        inbound.Connection.Tell(new RefuseLink(reason));
    }

    /// The listener's first payload that opens must be Ready; frames that fail to open are counted.
    private void OnFirstSealed(Frame frame)
    {
        Passed(HandshakePhase.ReadyReceived);
        if (!TryOpen(frame, out var payload)) return;
        if (payload is not ReadyPayload)
        {
            DropLink($"protocol violation: first payload is {payload?.Kind.ToString() ?? "unreadable"}, not Ready");
            return;
        }
        LinkUp();
    }

    private void LinkUp()
    {
        Timers.Cancel(HandshakeTimerKey.Instance);
        Timers.Cancel(GiveUp.Instance);
        _established = true;
        _attempt = 0;
        if (!_connectionIsChild) _connection!.Tell(LinkAuthenticated.Instance);
        _log.Info("session {0}: link with {1} is up; resending {2} unacked message(s)", Self.Path, _spec.Peer, _outbox.Count);
        Context.Parent.Tell(new SessionEstablished(_spec.Conversation, _spec.Peer));
        ResetWindow();
        foreach (var id in _outbox.Keys) _toSend.Enqueue(id);
        Pump();
        Become(Established);
    }

    /// Ends the current link (if any) and goes back to waiting: the dialer redials after a backoff; a
    /// listener holding a newer verified link goes on with that one's handshake.
    private void DropLink(string reason)
    {
        RetireLink(reason);
        if (_candidate is not null)
        {
            _connection = _candidate;
            _connectionIsChild = false;
            _cipher = _candidateCipher;
            _candidate = null;
            _candidateCipher = null;
            Timers.Cancel(CandidateTimerKey.Instance);
            _generation++;
            StartHandshakeTimer();
            ArmGiveUp();
            Become(ListenerHandshaking);
            return;
        }
        ArmGiveUp();
        if (_spec.Dialer)
        {
            var delay = _backoff.Delay(++_attempt);
            _log.Info("session {0}: redialing {1} in {2:0} ms", Self.Path, _spec.Peer, delay.TotalMilliseconds);
            Timers.StartSingleTimer(Redial.Instance, Redial.Instance, delay);
        }
        Become(AwaitingLink);
    }

    /// Closes the current link and forgets its ratchet; tells the parent if it was up.
    private void RetireLink(string reason)
    {
        var wasUp = _established;
        var link = _connection;
        _connection = null;
        _established = false;
        _pendingAcks.Clear();
        ResetWindow();
        _cipher?.Dispose();
        _cipher = null;
        _dialerHandshake?.Dispose();
        _dialerHandshake = null;
        Timers.Cancel(HandshakeTimerKey.Instance);
        if (link is not null)
        {
            // Our own child stays watched: its Terminated frees the name `connection` for a redial.
            if (_connectionIsChild) Context.Stop(link);
            else
            {
                Context.Unwatch(link);
                link.Tell(new CloseLink(reason));
            }
        }

        if (wasUp)
        {
            _log.Warning("session {0}: link with {1} lost: {2}", Self.Path, _spec.Peer, reason);
            Context.Parent.Tell(new SessionLinkLost(_spec.Conversation, _spec.Peer, reason));
        }
        else
        {
            _log.Warning("session {0}: link with {1} failed before the handshake ended: {2}", Self.Path, _spec.Peer, reason);
        }
    }

    /// A new link's ratchet, with the spec's receipt deferral, behind the cipher the link will use.
    private ILinkCipher Adopt(DoubleRatchet ratchet)
    {
        ratchet.Deferral = _spec.ReceiptDeferral;
        return _spec.CipherFor(ratchet);
    }

    private void Passed(HandshakePhase phase) => _spec.PhaseObserver?.Invoke(phase);

    private void StartHandshakeTimer() =>
        Timers.StartSingleTimer(HandshakeTimerKey.Instance, new HandshakeTimedOut(_generation), _spec.HandshakeTimeout);

    private HandshakePeer HandshakePeer() => new(_conversationBytes, _spec.Me.Uid.Value, _spec.Peer.Value, _peerKey);

    // ---- established link ----------------------------------------------------------------------

    private void OnSealed(Frame frame)
    {
        if (_log.IsDebugEnabled) _log.Debug("session {0}: {1} frame of {2} bytes", Self.Path, frame.Type, frame.Body.Length);
        if (!TryOpen(frame, out var payload)) return;
        switch (payload)
        {
            case ChatPayload chat:
                OnChat(chat);
                break;
            case AckPayload ack:
                OnAck(ack);
                break;
            case ByePayload:
                OnPeerBye();
                break;
            case ReadyPayload:
                _log.Debug("session {0}: a second Ready ignored", Self.Path);
                break;
        }
    }

    /// Opens a Sealed frame. False when the frame did not open, did not parse, or the link was dropped;
    /// the cases that keep the link are counted and logged without content.
    private bool TryOpen(Frame frame, out IPayload? payload)
    {
        payload = null;
        if (frame.Type != FrameType.Sealed)
        {
            DropLink($"protocol violation: {frame.Type} on a link past its Hello");
            return false;
        }
        if (TryOpenWith(_cipher!, frame, out payload, out var failure, out var reason)) return true;
        if (failure == OpenFailure.None)
        {
            _badPayloads++;
            _log.Warning("session {0}: a payload from {1} opened but did not parse ({2}); {3} so far", Self.Path, _spec.Peer, reason, _badPayloads);
            return false;
        }
        _log.Warning("session {0}: a frame from {1} failed to open ({2}); {3} on this link", Self.Path, _spec.Peer, failure, _cipher!.FailedOpens);
        if (_cipher.TooManyFailedOpens)
            DropLink($"{_cipher.FailedOpens} frames failed to open");
        return false;
    }

    /// Opens and parses a Sealed body in a pooled buffer, zeroed before it goes back: the plaintext
    /// lives only as long as the parse. False with <paramref name="failure"/> None when the frame opened
    /// but the payload did not parse (the key is spent either way).
    private static bool TryOpenWith(ILinkCipher cipher, Frame frame, out IPayload? payload, out OpenFailure failure, out string? reason)
    {
        payload = null;
        reason = null;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, frame.Body.Length));
        var length = 0;
        try
        {
            if (!cipher.TryOpen(frame.Body, buffer, out length, out failure)) return false;
            return PayloadCodec.TryDecode(buffer.AsSpan(0, length), out payload, out reason);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(buffer.Length, frame.Body.Length)));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void OnChat(ChatPayload chat)
    {
        // Every Chat is acked, a duplicate too (our earlier Ack may have been lost with the link).
        _pendingAcks.Add(chat.Id);
        if (_pendingAcks.Count == 1) Self.Tell(FlushAcks.Instance); // frames already in the mailbox share one Ack
        if (!Remember(chat.Id)) return;
        Passed(HandshakePhase.FirstChatOpened);
        Context.Parent.Tell(new ChatArrived(_spec.Conversation, _spec.Peer, chat.Id, chat.Text,
            DateTimeOffset.FromUnixTimeMilliseconds(chat.SentAtUnixMs), TimeSpan.FromSeconds(chat.TtlSeconds)));
    }

    private void SendAcks()
    {
        foreach (var batch in _pendingAcks.Chunk(PayloadLimits.MaxAckIds))
            Send(new AckPayload(batch));
        _pendingAcks.Clear();
    }

    private void OnAck(AckPayload ack)
    {
        foreach (var id in ack.Ids)
        {
            if (!_outbox.Remove(id)) continue; // unknown or repeated ids are ignored
            Forget(id);
            Timers.Cancel(new TtlPassed(id));
            Context.Parent.Tell(new ChatAcknowledged(_spec.Conversation, _spec.Peer, id));
        }
        Pump();
    }

    /// Hands the link as many waiting Chats as the window allows, oldest first.
    private void Pump()
    {
        if (!_established) return;
        while (_toSend.Count > 0 && _inFlightBytes < SendWindowBytes)
        {
            var id = _toSend.Dequeue();
            if (!_outbox.TryGetValue(id, out var chat) || _inFlight.ContainsKey(id)) continue;
            var size = SendChatPayload(chat);
            _inFlight[id] = size;
            _inFlightBytes += size;
        }
        if (_toSend.Count == 0) _windowFull = false;
        else if (!_windowFull)
        {
            // Back-pressure, logged once per episode: the peer reads (or acks) slower than we send.
            _windowFull = true;
            _log.Warning("session {0}: send window full ({1} bytes unacked by {2}); {3} message(s) wait in the outbox (limit {4})",
                Self.Path, _inFlightBytes, _spec.Peer, _outbox.Count - _inFlight.Count, _spec.OutboxLimit);
        }
    }

    private void Forget(MessageId id)
    {
        if (_inFlight.Remove(id, out var size)) _inFlightBytes -= size;
    }

    private void ResetWindow()
    {
        _inFlight.Clear();
        _toSend.Clear();
        _inFlightBytes = 0;
        _windowFull = false;
    }

    private void OnPeerBye()
    {
        _log.Info("session {0}: {1} said Bye", Self.Path, _spec.Peer);
        _connection?.Tell(new CloseLink("the peer said Bye"));
        _connection = null; // closed once, here, not again in PostStop
        Finish(PeerLeftReason);
    }

    private bool Remember(MessageId id)
    {
        if (!_seen.Add(id)) return false;
        _seenOrder.Enqueue(id);
        if (_seenOrder.Count > _spec.RememberedIds) _seen.Remove(_seenOrder.Dequeue());
        return true;
    }

    // ---- outbox ---------------------------------------------------------------------------------

    private void OnSendChat(SendChat chat)
    {
        if (_outbox.ContainsKey(chat.Id)) return;
        if (!IsEncodable(chat.Text))
        {
            NotDelivered(chat.Id, "text is not valid Unicode");
            return;
        }
        if (Utf8.GetByteCount(chat.Text) > PayloadLimits.MaxTextBytes)
        {
            NotDelivered(chat.Id, $"text over {PayloadLimits.MaxTextBytes} UTF-8 bytes");
            return;
        }
        if (_outbox.Count >= _spec.OutboxLimit)
        {
            NotDelivered(chat.Id, "outbox full");
            return;
        }
        _outbox.Add(chat.Id, chat);
        // Each side counts the TTL from when it sent or received the message; clocks are not trusted.
        Timers.StartSingleTimer(new TtlPassed(chat.Id), new TtlPassed(chat.Id), TimeSpan.FromSeconds(TtlSeconds(chat.Ttl)));
        if (_established)
        {
            _toSend.Enqueue(chat.Id);
            Pump();
        }
        else ArmGiveUp();
    }

    /// Unacked messages wait at most <see cref="SessionSpec.UndeliveredAfter"/> for a link.
    private void ArmGiveUp()
    {
        if (_spec.UndeliveredAfter is null || _established || _outbox.Count == 0 || Timers.IsTimerActive(GiveUp.Instance)) return;
        Timers.StartSingleTimer(GiveUp.Instance, GiveUp.Instance, _spec.UndeliveredAfter.Value);
    }

    /// The link stayed down: whatever waits is reported now (never a silent loss); redialing goes on.
    private void OnGiveUp()
    {
        if (_established || _outbox.Count == 0) return;
        var reason = $"no link to {_spec.Peer} for {_spec.UndeliveredAfter!.Value.TotalSeconds:0.#} s";
        _log.Warning("session {0}: {1}; {2} unacked message(s) reported undelivered", Self.Path, reason, _outbox.Count);
        foreach (var id in _outbox.Keys.ToList()) NotDelivered(id, reason);
        _outbox.Clear();
    }

    private static bool IsEncodable(string text)
    {
        try
        {
            Utf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private void OnTtlPassed(TtlPassed expired)
    {
        if (!_outbox.Remove(expired.Id)) return;
        Forget(expired.Id);
        NotDelivered(expired.Id, "TTL passed");
        Pump();
    }

    private int SendChatPayload(SendChat chat) =>
        Send(new ChatPayload(chat.Id, chat.SentAt.ToUnixTimeMilliseconds(), TtlSeconds(chat.Ttl), chat.Text));

    /// Seals and hands one payload to the link; returns the frame's size.
    private int Send(IPayload payload)
    {
        var length = PayloadCodec.GetEncodedLength(payload);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            PayloadCodec.Encode(payload, buffer);
            var frame = new SendFrame(_cipher!.Seal(buffer.AsSpan(0, length)));
            _connection!.Tell(frame);
            return frame.Bytes.Length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static uint TtlSeconds(TimeSpan ttl) =>
        (uint)Math.Clamp(Math.Ceiling(ttl.TotalSeconds), PayloadLimits.MinTtlSeconds, PayloadLimits.MaxTtlSeconds);

    private void NotDelivered(MessageId id, string reason)
    {
        Timers.Cancel(new TtlPassed(id));
        Context.Parent.Tell(new ChatNotDelivered(_spec.Conversation, _spec.Peer, id, reason));
    }

    // ---- closing --------------------------------------------------------------------------------

    private void OnCloseSession(CloseSession close)
    {
        _closingReason = close.Reason;
        if (!_established || _connection is null)
        {
            _connection?.Tell(new CloseLink(close.Reason));
            _connection = null;
            Finish(close.Reason);
            return;
        }
        _log.Info("session {0}: closing ({1}), saying Bye to {2}", Self.Path, close.Reason, _spec.Peer);
        Send(ByePayload.Instance);
        _connection.Tell(new CloseLink(close.Reason, Graceful: true));
        Timers.StartSingleTimer(ByeLingerOver.Instance, ByeLingerOver.Instance, _spec.ByeLinger + TimeSpan.FromMilliseconds(500));
        Become(Closing);
    }

    /// Reports every unacked message (never a silent loss), says the session ended and stops.
    private void Finish(string reason)
    {
        foreach (var id in _outbox.Keys.ToList()) NotDelivered(id, reason);
        _outbox.Clear();
        _log.Info("session {0} with {1} ended: {2}", Self.Path, _spec.Peer, reason);
        Context.Parent.Tell(new SessionEnded(_spec.Conversation, _spec.Peer, reason));
        Context.Stop(Self);
        Become(() => ReceiveAny(_ => { }));
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
