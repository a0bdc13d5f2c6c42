using Encryptio.Testing;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// The floor of one chat message: one seal and one open of the payload a session seals for a chat of
/// that size (the encoded ChatPayload), in order on one chain (no DH step), on one thread, with no actor,
/// socket or codec around it. <c>cpuOverCrypto</c> divides the session's process CPU per message by this,
/// measured right beside each sealed run so that both see the same machine.
/// </summary>
public sealed class SealOpenAlone : IDisposable
{
    private readonly RatchetPair _pair;
    private readonly byte[] _payload;
    private readonly byte[] _opened;

    public SealOpenAlone(IRatchetKeySource keys, int textBytes)
    {
        _pair = RatchetPair.Established(keys);
        var chat = new ChatPayload(MessageId.NewRandom(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 300, new string('x', textBytes));
        _payload = PayloadCodec.Encode(chat);
        _opened = new byte[_payload.Length];
    }

    /// <summary>CPU µs per seal + open (this thread's CPU time), the mean over <paramref name="messages"/> after a few to warm up.</summary>
    public double Micros(int messages)
    {
        for (var i = 0; i < 16; i++) RoundTrip();
        var start = ThreadCpu.Micros();
        for (var i = 0; i < messages; i++) RoundTrip();
        return (ThreadCpu.Micros() - start) / messages;
    }

    private void RoundTrip()
    {
        // As the session does: the array-returning Seal (the frame travels to the link as a message),
        // the Open into a buffer (the session opens into a pooled one).
        var frame = _pair.Alice.Seal(_payload);
        if (!_pair.Bob.TryOpen(frame.AsSpan(FrameLimits.Overhead), _opened, out _, out var failure))
            throw new InvalidOperationException($"a sealed frame did not open: {failure}");
    }

    public void Dispose() => _pair.Dispose();
}
