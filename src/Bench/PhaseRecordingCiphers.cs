using Encryptio.Peer.Crypto;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// Through the cipher seam: the ratchet still seals and opens every frame; the wrapper only stamps the
/// handshake phases the cipher sees (<see cref="PhaseRecorder"/>). A call more per frame, no copy.
/// </summary>
internal sealed class PhaseRecordingCiphers(PhaseRecorder recorder, bool dialer) : ILinkCipherFactory
{
    public ILinkCipher For(DoubleRatchet ratchet)
    {
        recorder.Record(dialer ? PhaseRecorder.Phase.DialerCipherMade : PhaseRecorder.Phase.ListenerCipherMade);
        return new Recording(ratchet, recorder, dialer);
    }

    private sealed class Recording(DoubleRatchet ratchet, PhaseRecorder recorder, bool dialer) : ILinkCipher
    {
        private int _opened;

        public int FailedOpens => ratchet.FailedOpens;

        public bool TooManyFailedOpens => ratchet.TooManyFailedOpens;

        public byte[] Seal(ReadOnlySpan<byte> payload)
        {
            var frame = ratchet.Seal(payload);
            if (dialer) recorder.Record(PhaseRecorder.Phase.ReadySealed);
            return frame;
        }

        public bool TryOpen(ReadOnlySpan<byte> sealedBody, Span<byte> destination, out int payloadLength, out OpenFailure failure)
        {
            if (!dialer) recorder.Record(PhaseRecorder.Phase.ReadyOpening);
            var opened = ratchet.TryOpen(sealedBody, destination, out payloadLength, out failure);
            // The listener's second frame is the dialer's first chat (the first was Ready).
            if (!dialer && opened && Interlocked.Increment(ref _opened) == 2) recorder.Record(PhaseRecorder.Phase.ChatOpened);
            return opened;
        }

        public void Dispose() => ratchet.Dispose();
    }
}
