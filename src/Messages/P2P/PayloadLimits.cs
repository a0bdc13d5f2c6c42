namespace Encryptio.Messages.P2P;

public static class PayloadLimits
{
    /// Chat text, in UTF-8 bytes (16 KiB).
    public const int MaxTextBytes = 16384;

    public const uint MinTtlSeconds = 1;

    /// Seven days.
    public const uint MaxTtlSeconds = 604800;

    /// The u16 count allows more, but an Ack must fit in one Sealed frame:
    /// 1 kind + 2 count + 16 x ids <= MaxSealedPayloadLength.
    public const int MaxAckIds = (WireSizes.MaxSealedPayloadLength - 1 - sizeof(ushort)) / MessageId.Length;
}
