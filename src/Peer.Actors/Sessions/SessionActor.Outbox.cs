using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.P2P;
using Encryptio.Messages.Session;
using Encryptio.Peer.Link;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.Sessions;

/// Messages the user sends: checked, kept until acked, timed by their TTL, reported when they cannot be delivered.
public sealed partial class SessionActor
{
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
        _log.Warning("{0}; {1} unacked message(s) reported undelivered", reason, _outbox.Count);
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
}
