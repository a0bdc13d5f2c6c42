using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// <summary>
/// When a ratchet may put off the sending half of a DH step. Signal's order makes a new ratchet key
/// pair at once whenever the peer's key changes; under one-way bulk traffic every Ack burst is such a
/// change, and each costs a P-384 key import and two ECDH at both ends (about 3 ms on this hardware).
/// With a deferral, a new key that arrives on an <see cref="PayloadKind.Ack"/> is used at once for
/// receiving, but our own new key is made only at the first seal after a conversational frame (a Chat,
/// Ready or Bye) opens, or after <see cref="MaxHold"/>, whichever comes first. Post-compromise
/// healing is thus delayed by at most MaxHold; the chain ratchet (forward secrecy, a key per message)
/// is untouched, and the peer sees nothing but frames sent before it changed key, which every Double
/// Ratchet implementation accepts. With a deferral set, the listener's very first sending half (the
/// step on Ready) also waits for its first seal: nothing needs it sooner, and that takes one ECDH off
/// the path from Hello to the first message opened. The bytes on the wire are the same either way.
/// </summary>
public sealed record ReceiptDeferral(TimeSpan MaxHold, TimeProvider Clock)
{
    public static ReceiptDeferral Default { get; } = new(TimeSpan.FromSeconds(1), TimeProvider.System);

    /// True for a payload whose arrival should not, on its own, turn our sending key.
    public static bool IsReceiptOnly(ReadOnlySpan<byte> plaintext) =>
        !plaintext.IsEmpty && plaintext[0] == (byte)PayloadKind.Ack;
}
