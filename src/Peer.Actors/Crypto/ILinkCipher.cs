namespace Encryptio.Peer.Crypto;

/// <summary>
/// What a session needs from the cipher of its current link: seal a payload into a whole Sealed frame,
/// open a Sealed body. In production this is always the link's <see cref="DoubleRatchet"/>; the
/// benchmark swaps in a pass-through to measure the same sessions with the crypto switched off.
/// </summary>
public interface ILinkCipher : IDisposable
{
    /// <summary>The whole Sealed frame (u32 len | type | body) for one payload.</summary>
    byte[] Seal(ReadOnlySpan<byte> payload);

    /// <summary>
    /// Opens a Sealed body into <paramref name="destination"/> (at least as long as the body);
    /// on failure nothing changes but <see cref="FailedOpens"/>.
    /// </summary>
    bool TryOpen(ReadOnlySpan<byte> sealedBody, Span<byte> destination, out int payloadLength, out OpenFailure failure);

    /// <summary>Frames that failed to open on this link.</summary>
    int FailedOpens { get; }

    /// <summary>True once so many frames failed that the link should be closed (PROTOCOL.md: 32).</summary>
    bool TooManyFailedOpens { get; }
}
