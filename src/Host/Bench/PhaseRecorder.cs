using System.Diagnostics;
using Encryptio.Peer.Sessions;

namespace Encryptio.Host.Bench;

/// <summary>
/// When one handshake first passed each <see cref="HandshakePhase"/> (Stopwatch timestamps), recorded
/// from both sessions' threads; <see cref="Reset"/> between handshakes.
/// </summary>
public sealed class PhaseRecorder
{
    private readonly long[] _stamps = new long[Enum.GetValues<HandshakePhase>().Length];

    internal void Record(HandshakePhase phase) =>
        Interlocked.CompareExchange(ref _stamps[(int)phase], Stopwatch.GetTimestamp(), 0);

    public void Reset()
    {
        for (var i = 0; i < _stamps.Length; i++) Interlocked.Exchange(ref _stamps[i], 0);
    }

    /// <summary>What each gap of <see cref="Gaps"/> covers, in order.</summary>
    public static readonly IReadOnlyList<string> GapNames =
    [
        "session start (actor, identity keys)",
        "dialer: link actor, Hello signed",
        "TCP connect, Hello to the listener's session",
        "listener: import + verify + sign + ECDH",
        "HelloReply to the dialer's session",
        "dialer: verify + import + 2 ECDH, Ready sealed",
        "Ready to the listener's session",
        "listener: import + ECDH, Ready and chat opened",
    ];

    /// <summary>Milliseconds from each phase to the next, or null when one was not passed.</summary>
    public double[]? Gaps(long start)
    {
        var stamps = new[] { start }.Concat(Enumerable.Range(0, _stamps.Length).Select(i => Interlocked.Read(ref _stamps[i]))).ToArray();
        if (stamps.Any(s => s == 0)) return null;
        return stamps.Zip(stamps.Skip(1), (a, b) => Sampler.Micros(a, b) / 1000).ToArray();
    }
}
