using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Payload bytes inside the AEAD: `u8 kind | body`. Encode refuses values the protocol forbids;
/// TryDecode refuses bad bytes with a reason and never throws, whatever arrives.
public static class PayloadCodec
{
    private const int KindSize = 1;
    private const int ChatFixedLength = KindSize + MessageId.Length + sizeof(long) + sizeof(uint) + sizeof(uint);
    private const int AckFixedLength = KindSize + sizeof(ushort);

    public static byte[] Encode(IPayload payload)
    {
        var bytes = new byte[GetEncodedLength(payload)];
        Write(payload, bytes);
        return bytes;
    }

    /// Encodes into <paramref name="destination"/> (a pooled buffer, say) and returns the bytes written:
    /// the same bytes <see cref="Encode(IPayload)"/> returns, refused for the same reasons.
    public static int Encode(IPayload payload, Span<byte> destination)
    {
        var length = GetEncodedLength(payload);
        if (destination.Length < length)
            throw new ArgumentException($"the payload needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        Write(payload, destination[..length]);
        return length;
    }

    /// Bytes the payload encodes to; throws for a payload Encode refuses.
    public static int GetEncodedLength(IPayload payload) => payload switch
    {
        ChatPayload chat => ChatFixedLength + ValidChatTextLength(chat),
        AckPayload ack => AckFixedLength + MessageId.Length * ValidAckCount(ack),
        ReadyPayload or ByePayload => KindSize,
        null => throw new ArgumentNullException(nameof(payload)),
        _ => throw new ArgumentException($"unknown payload {payload.GetType().Name}", nameof(payload)),
    };

    /// <paramref name="destination"/> is exactly GetEncodedLength(payload) bytes, already validated.
    private static void Write(IPayload payload, Span<byte> destination)
    {
        switch (payload)
        {
            case ChatPayload chat: WriteChat(chat, destination); break;
            case AckPayload ack: WriteAck(ack, destination); break;
            case ReadyPayload: destination[0] = (byte)PayloadKind.Ready; break;
            case ByePayload: destination[0] = (byte)PayloadKind.Bye; break;
        }
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out IPayload? payload, out string? reason)
    {
        payload = null;
        reason = null;
        if (bytes.IsEmpty) return Fail("empty payload", out reason);

        var body = bytes[KindSize..];
        switch ((PayloadKind)bytes[0])
        {
            case PayloadKind.Chat:
                return TryDecodeChat(body, out payload, out reason);
            case PayloadKind.Ack:
                return TryDecodeAck(body, out payload, out reason);
            case PayloadKind.Ready:
                if (!body.IsEmpty) return Fail("Ready has a body", out reason);
                payload = ReadyPayload.Instance;
                return true;
            case PayloadKind.Bye:
                if (!body.IsEmpty) return Fail("Bye has a body", out reason);
                payload = ByePayload.Instance;
                return true;
            default:
                return Fail($"unknown payload kind {bytes[0]}", out reason);
        }
    }

    private static int ValidChatTextLength(ChatPayload chat)
    {
        ArgumentNullException.ThrowIfNull(chat.Text);
        if (!IsValidTtl(chat.TtlSeconds))
            throw new ArgumentOutOfRangeException(nameof(chat), chat.TtlSeconds, $"ttl must be {PayloadLimits.MinTtlSeconds}..{PayloadLimits.MaxTtlSeconds} seconds");
        var textLength = StrictUtf8.Encoding.GetByteCount(chat.Text);
        if (textLength > PayloadLimits.MaxTextBytes)
            throw new ArgumentException($"chat text is over {PayloadLimits.MaxTextBytes} UTF-8 bytes", nameof(chat));
        return textLength;
    }

    private static void WriteChat(ChatPayload chat, Span<byte> span)
    {
        var textLength = span.Length - ChatFixedLength;
        span[0] = (byte)PayloadKind.Chat;
        var at = KindSize;
        chat.Id.WriteTo(span[at..]);
        at += MessageId.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], chat.SentAtUnixMs);
        at += sizeof(long);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], chat.TtlSeconds);
        at += sizeof(uint);
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], (uint)textLength);
        at += sizeof(uint);
        StrictUtf8.Encoding.GetBytes(chat.Text, span[at..]);
    }

    private static int ValidAckCount(AckPayload ack)
    {
        ArgumentNullException.ThrowIfNull(ack.Ids);
        if (ack.Ids.Count > PayloadLimits.MaxAckIds)
            throw new ArgumentException($"an Ack carries at most {PayloadLimits.MaxAckIds} ids", nameof(ack));
        return ack.Ids.Count;
    }

    private static void WriteAck(AckPayload ack, Span<byte> bytes)
    {
        bytes[0] = (byte)PayloadKind.Ack;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[KindSize..], (ushort)ack.Ids.Count);
        var at = AckFixedLength;
        for (var i = 0; i < ack.Ids.Count; i++)
        {
            ack.Ids[i].WriteTo(bytes[at..]);
            at += MessageId.Length;
        }
    }

    private static bool TryDecodeChat(ReadOnlySpan<byte> body, out IPayload? payload, out string? reason)
    {
        payload = null;
        var reader = new WireReader(body);
        if (!reader.TryReadBytes(MessageId.Length, out var id)
            || !reader.TryReadInt64(out var sentAt)
            || !reader.TryReadUInt32(out var ttl)
            || !reader.TryReadUInt32(out var textLength))
            return Fail("Chat is truncated", out reason);
        if (!IsValidTtl(ttl)) return Fail($"Chat ttl {ttl} is outside {PayloadLimits.MinTtlSeconds}..{PayloadLimits.MaxTtlSeconds}", out reason);
        if (textLength > PayloadLimits.MaxTextBytes) return Fail("Chat text is over 16 KiB", out reason);
        if (reader.Remaining != textLength) return Fail("Chat text length does not match the body", out reason);
        reader.TryReadBytes((int)textLength, out var text);
        if (!StrictUtf8.TryDecode(text, out var value)) return Fail("Chat text is not valid UTF-8", out reason);

        payload = new ChatPayload(MessageId.FromBytes(id), sentAt, ttl, value);
        reason = null;
        return true;
    }

    private static bool TryDecodeAck(ReadOnlySpan<byte> body, out IPayload? payload, out string? reason)
    {
        payload = null;
        var reader = new WireReader(body);
        if (!reader.TryReadUInt16(out var count)) return Fail("Ack is truncated", out reason);
        // Checked before allocating, so the list is never bigger than the bytes that arrived.
        if (reader.Remaining != count * MessageId.Length) return Fail("Ack count does not match the body", out reason);

        var ids = new MessageId[count];
        for (var i = 0; i < ids.Length; i++)
        {
            reader.TryReadBytes(MessageId.Length, out var id);
            ids[i] = MessageId.FromBytes(id);
        }
        payload = new AckPayload(ids);
        reason = null;
        return true;
    }

    private static bool IsValidTtl(uint ttl) => ttl is >= PayloadLimits.MinTtlSeconds and <= PayloadLimits.MaxTtlSeconds;

    private static bool Fail(string why, out string? reason)
    {
        reason = why;
        return false;
    }
}
