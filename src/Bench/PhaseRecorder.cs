using System.Diagnostics;

namespace Encryptio.Bench;

/// <summary>
/// When one handshake first passed each <see cref="Phase"/> (Stopwatch timestamps), recorded from the
/// threads that pass them; <see cref="Reset"/> between handshakes. Nothing in the session reports to
/// it: the phases are what the bench can see from outside, at its stand-in node (the Hello routed to
/// the listener's session) and through the cipher seam (<see cref="PhaseRecordingCiphers"/>: each side's
/// cipher made, the dialer's first seal, the listener's first two opens).
/// </summary>
public sealed class PhaseRecorder
{
    public enum Phase
    {
        HelloAtListenerNode,
        ListenerCipherMade,
        DialerCipherMade,
        ReadySealed,
        ReadyOpening,
        ChatOpened,
    }

    private readonly long[] _stamps = new long[Enum.GetValues<Phase>().Length];

    public void Record(Phase phase) =>
        Interlocked.CompareExchange(ref _stamps[(int)phase], Stopwatch.GetTimestamp(), 0);

    public void Reset()
    {
        for (var i = 0; i < _stamps.Length; i++) Interlocked.Exchange(ref _stamps[i], 0);
    }

    /// <summary>What each gap of <see cref="Gaps"/> covers, in order.</summary>
    public static readonly IReadOnlyList<string> GapNames =
    [
        "session start, link actor, Hello signed, TCP connect, Hello to the listener's node",
        "listener: session, import + verify + sign + ECDH, HelloReply sent",
        "HelloReply to the dialer; dialer: verify + import + 2 ECDH",
        "dialer: Ready sealed",
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
