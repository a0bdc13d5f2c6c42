using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// The side whose UID sorts second: it listens. The node hands it each inbound link whose Hello names
/// this conversation and peer (<see cref="InboundHello"/>); the session verifies the Hello, takes the
/// link over (<see cref="AssignOwner"/>), answers, and waits for the dialer's Ready. Those links are
/// the node listener's children, so the session closes them itself when it is done with them.
/// <para>
/// A verified Hello while a link is up (the dialer believes that link gone, or someone replays its
/// Hello) is held as a candidate: only the real dialer can finish that handshake, so the working link
/// stays until the candidate's Ready opens, and then the candidate replaces it.
/// </para>
/// States: AwaitingLink -> Handshaking -> Established (see <see cref="SessionActor"/>).
/// </summary>
public sealed class ListeningSession : SessionActor
{
    private SecureLink? _candidate;

    public ListeningSession(SessionSpec spec) : base(spec) => AwaitingLink();

    protected override void PostStop()
    {
        Current?.Close("session stopped");
        _candidate?.Close("session stopped");
        _candidate?.Dispose();
        base.PostStop();
    }

    private void AwaitingLink()
    {
        Receive<InboundHello>(TakeLink);
        CommonHandlers();
    }

    /// Past the dialer's Hello, waiting for its Ready on <see cref="SessionActor.Current"/>.
    private void Handshaking()
    {
        var link = Current!.Link;
        Receive<FrameReceived>(_ => Sender.Equals(link), received => OnFirstSealed(received.Frame));
        Receive<HandshakeTimedOut>(_ => HandshakeFailed(HandshakeTimeoutReason, linkEnded: false));
        Receive<LinkClosed>(_ => Sender.Equals(link), closed => HandshakeFailed(closed.Reason, linkEnded: true));
        Receive<LinkOverloaded>(_ => Sender.Equals(link), _ => HandshakeFailed("the peer does not read (write queue full)", linkEnded: false));
        Receive<Terminated>(t => t.ActorRef.Equals(link), _ => HandshakeFailed("link actor stopped", linkEnded: true));
        // Not up yet: a newer verified Hello means the dialer gave up on the half-done link.
        Receive<InboundHello>(TakeLink);
        CommonHandlers();
    }

    protected override void WhileEstablished()
    {
        Receive<InboundHello>(HoldCandidate);
        Receive<FrameReceived>(_ => Sender.Equals(_candidate?.Link), received => OnCandidateFrame(received.Frame));
        Receive<LinkClosed>(_ => Sender.Equals(_candidate?.Link), closed => DropCandidate(closed.Reason, linkEnded: true));
        Receive<LinkOverloaded>(_ => Sender.Equals(_candidate?.Link), _ => DropCandidate("the peer does not read (write queue full)", linkEnded: false));
        Receive<Terminated>(t => t.ActorRef.Equals(_candidate?.Link), _ => DropCandidate("link actor stopped", linkEnded: true));
        Receive<CandidateTimedOut>(_ => DropCandidate(HandshakeTimeoutReason, linkEnded: false));
    }

    /// The current link is gone: a candidate that verified its Hello goes on with its handshake.
    protected override void AwaitNextLink()
    {
        if (_candidate is null)
        {
            Become(AwaitingLink);
            return;
        }
        Current = _candidate;
        _candidate = null;
        Timers.Cancel(CandidateTimedOut.Instance);
        StartHandshakeTimer();
        Become(Handshaking);
    }

    private void TakeLink(InboundHello inbound)
    {
        if (!TryAnswer(inbound, out var link)) return;
        if (Current is not null) Retire("replaced by a newer Hello from the peer", linkEnded: false, wasUp: false);
        Current = link;
        StartHandshakeTimer();
        Log.Info("Hello from {0} verified, waiting for Ready", Spec.Peer);
        Become(Handshaking);
    }

    private void HoldCandidate(InboundHello inbound)
    {
        if (!TryAnswer(inbound, out var link)) return;
        if (_candidate is not null) DropCandidate("replaced by a newer Hello from the peer", linkEnded: false);
        _candidate = link;
        Timers.StartSingleTimer(CandidateTimedOut.Instance, CandidateTimedOut.Instance, Spec.HandshakeTimeout);
        Log.Info("a new link from {0} verified its Hello; the current link stays until it is Ready", Spec.Peer);
    }

    /// Verifies the Hello; if it holds, takes the link over and answers with our HelloReply.
    private bool TryAnswer(InboundHello inbound, out SecureLink link)
    {
        link = null!;
        if (inbound.Conversation != Spec.Conversation || inbound.From != Spec.Peer || inbound.Hello.Type != FrameType.Hello)
        {
            Refuse(inbound, "Hello for another conversation or sender");
            return false;
        }
        var handshake = new ListenerHandshake(HandshakePeer(), Signer, Spec.KeySource);
        if (!handshake.TryAccept(inbound.Hello.Body, out var replyFrame, out var ratchet, out var error))
        {
            Refuse(inbound, $"handshake failed: {error}");
            return false;
        }
        Context.Watch(inbound.Connection);
        inbound.Connection.Tell(new AssignOwner(Self));
        inbound.Connection.Tell(new SendFrame(replyFrame));
        link = new SecureLink(inbound.Connection, Adopt(ratchet)) { Relayed = inbound.Relayed };
        return true;
    }

    /// The first payload that opens must be Ready; frames that fail to open are counted.
    private void OnFirstSealed(Frame frame)
    {
        if (!TryOpen(frame, reason => HandshakeFailed(reason, linkEnded: false), out var payload)) return;
        if (payload is not ReadyPayload)
        {
            HandshakeFailed($"protocol violation: first payload is {payload?.Kind.ToString() ?? "unreadable"}, not Ready", linkEnded: false);
            return;
        }
        Authenticated(Current!);
    }

    private void OnCandidateFrame(Frame frame)
    {
        var candidate = _candidate!;
        if (frame.Type != FrameType.Sealed)
        {
            DropCandidate($"protocol violation: {frame.Type} before Ready", linkEnded: false);
            return;
        }
        if (!candidate.TryOpen(frame, out var payload, out var failure, out var reason))
        {
            if (failure == OpenFailure.None) DropCandidate("protocol violation: first payload is not Ready", linkEnded: false);
            else if (failure == OpenFailure.Faulted)
                Log.Error("opening a frame on the new link from {0} threw {1}; the frame is dropped", Spec.Peer, reason);
            else
            {
                Log.Warning("a frame on the new link from {0} failed to open ({1}); {2} on that link", Spec.Peer, failure, candidate.Cipher.FailedOpens);
                if (candidate.Cipher.TooManyFailedOpens) DropCandidate($"{candidate.Cipher.FailedOpens} frames failed to open", linkEnded: false);
            }
            return;
        }
        if (payload is not ReadyPayload)
        {
            DropCandidate("protocol violation: first payload is not Ready", linkEnded: false);
            return;
        }
        _candidate = null;
        Timers.Cancel(CandidateTimedOut.Instance);
        Retire("replaced by a new link from the peer", linkEnded: false, wasUp: true);
        Authenticated(candidate);
    }

    /// Ready opened: the link's own accept deadline can stop (it would close an unauthenticated link).
    private void Authenticated(SecureLink link)
    {
        link.Link.Tell(LinkAuthenticated.Instance);
        LinkUp(link);
    }

    private void DropCandidate(string reason, bool linkEnded)
    {
        if (_candidate is not { } candidate) return;
        Log.Warning("new link {0} from {1} closed before Ready: {2}", candidate.Link.Path, Spec.Peer, reason);
        Context.Unwatch(candidate.Link);
        if (!linkEnded) candidate.Close(reason);
        candidate.Dispose();
        _candidate = null;
        Timers.Cancel(CandidateTimedOut.Instance);
    }

    private void HandshakeFailed(string reason, bool linkEnded)
    {
        Retire(reason, linkEnded, wasUp: false);
        AwaitNextLink();
    }
}
