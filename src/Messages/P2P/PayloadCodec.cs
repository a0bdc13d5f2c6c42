using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Payload bytes inside the AEAD: `u8 kind | body`. Encode refuses values the protocol forbids;
/// TryDecode refuses bad bytes with a reason and never throws, whatever arrives.
public static class PayloadCodec
{
    private const int KindSize = 1;
    private const int ChatFixedLength = KindSize + MessageId.Length + sizeof(long) + sizeof(uint) + sizeof(uint);
    private const int AckFixedLength = KindSize + sizeof(ushort);

    public static byte[] Encode(IPayload payload) => payload switch
    {
        ChatPayload chat => EncodeChat(chat),
        AckPayload ack => EncodeAck(ack),
        ReadyPayload => [(byte)PayloadKind.Ready],
        ByePayload => [(byte)PayloadKind.Bye],
        null => throw new ArgumentNullException(nameof(payload)),
        _ => throw new ArgumentException($"unknown payload {payload.GetType().Name}", nameof(payload)),
    };

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

    private static byte[] EncodeChat(ChatPayload chat)
    {
        ArgumentNullException.ThrowIfNull(chat.Text);
        if (!IsValidTtl(chat.TtlSeconds))
            throw new ArgumentOutOfRangeException(nameof(chat), chat.TtlSeconds, $"ttl must be {PayloadLimits.MinTtlSeconds}..{PayloadLimits.MaxTtlSeconds} seconds");
        var textLength = StrictUtf8.Encoding.GetByteCount(chat.Text);
        if (textLength > PayloadLimits.MaxTextBytes)
            throw new ArgumentException($"chat text is over {PayloadLimits.MaxTextBytes} UTF-8 bytes", nameof(chat));

        var bytes = new byte[ChatFixedLength + textLength];
        var span = bytes.AsSpan();
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
        return bytes;
    }

    private static byte[] EncodeAck(AckPayload ack)
    {
        ArgumentNullException.ThrowIfNull(ack.Ids);
        if (ack.Ids.Count > PayloadLimits.MaxAckIds)
            throw new ArgumentException($"an Ack carries at most {PayloadLimits.MaxAckIds} ids", nameof(ack));

        var bytes = new byte[AckFixedLength + MessageId.Length * ack.Ids.Count];
        bytes[0] = (byte)PayloadKind.Ack;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(KindSize), (ushort)ack.Ids.Count);
        var at = AckFixedLength;
        foreach (var id in ack.Ids)
        {
            id.WriteTo(bytes.AsSpan(at));
            at += MessageId.Length;
        }
        return bytes;
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
