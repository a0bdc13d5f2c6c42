using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// The cipher seam: what a session's link seals and opens with, given the ratchet its handshake made.
/// Internal on purpose, with InternalsVisibleTo only for the test, fuzz and benchmark assemblies: the
/// shipped program cannot name it, so it cannot put anything but the ratchet between a session and the
/// wire. The bench's "seal and open switched off" baseline and its handshake timings, and the fail-closed
/// specs' faulty cipher, plug in here.
/// </summary>
internal interface ILinkCipherFactory
{
    /// <summary>The link's cipher; it owns <paramref name="ratchet"/> from now on (and disposes of it).</summary>
    ILinkCipher For(DoubleRatchet ratchet);
}

/// <summary>Production: the ratchet itself seals every frame.</summary>
internal sealed class RatchetSeals : ILinkCipherFactory
{
    public static readonly RatchetSeals Instance = new();

    private RatchetSeals() { }

    public ILinkCipher For(DoubleRatchet ratchet) => ratchet;
}
