using System.Buffers;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Session;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.Sessions;

/// An established link: opening Sealed frames, acks, and the send window that paces the outbox.
public sealed partial class SessionActor
{
    private void OnSealed(Frame frame)
    {
        if (_log.IsDebugEnabled) _log.Debug("{0} frame of {1} bytes", frame.Type, frame.Body.Length);
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
                _log.Debug("a second Ready ignored");
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
        if (failure == OpenFailure.Faulted)
        {
            // A bug, not the peer's doing as far as we can tell: the frame is dropped, the link and the
            // session go on. The exception's type only: its message is no place to look for secrets.
            _log.Error("opening a frame from {0} threw {1}; the frame is dropped, the link stays", _spec.Peer, reason);
            return false;
        }
        if (failure == OpenFailure.None)
        {
            _badPayloads++;
            _log.Warning("a payload from {0} opened but did not parse ({1}); {2} so far", _spec.Peer, reason, _badPayloads);
            return false;
        }
        _log.Warning("a frame from {0} failed to open ({1}); {2} on this link", _spec.Peer, failure, _cipher!.FailedOpens);
        if (_cipher.TooManyFailedOpens)
            DropLink($"{_cipher.FailedOpens} frames failed to open");
        return false;
    }

    /// Opens and parses a Sealed body in a pooled buffer, zeroed before it goes back: the plaintext
    /// lives only as long as the parse. False with <paramref name="failure"/> None when the frame opened
    /// but the payload did not parse (the key is spent either way). Fails closed: an exception from the
    /// cipher or the parser is <see cref="OpenFailure.Faulted"/> with the exception's type as the reason,
    /// never an exception out of the actor (its supervisor would stop the session, and every message
    /// in its outbox would become undelivered because of one frame).
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
        catch (Exception e)
        {
            payload = null;
            failure = OpenFailure.Faulted;
            reason = e.GetType().Name;
            return false;
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
            _log.Warning("send window full ({0} bytes unacked by {1}); {2} message(s) wait in the outbox (limit {3})", _inFlightBytes, _spec.Peer, _outbox.Count - _inFlight.Count, _spec.OutboxLimit);
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
        _log.Info("{0} said Bye", _spec.Peer);
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
}
