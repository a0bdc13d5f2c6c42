using Akka.TestKit;

namespace Encryptio.Peer.Actors.Tests.Support;

/// Reads a probe while keeping every message it passed over, so a spec can wait for one event
/// without losing the others (FishForMessage throws them away).
internal sealed class ProbeLog(TestProbe probe, TimeSpan patience)
{
    public List<object> Seen { get; } = new();

    public T Next<T>(Func<T, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no {typeof(T).Name} within {patience}");
            var message = probe.ReceiveOne(left) ?? throw new TimeoutException($"no {typeof(T).Name} within {patience}");
            Seen.Add(message);
            if (message is T typed && (match is null || match(typed))) return typed;
        }
    }

    /// Waits until <paramref name="done"/> holds over everything seen so far.
    public void Until(Func<IReadOnlyList<object>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!done(Seen))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{what}: not within {patience}");
            var message = probe.ReceiveOne(left) ?? throw new TimeoutException($"{what}: not within {patience}");
            Seen.Add(message);
        }
    }

    /// Takes in whatever is already queued, and what lands within a short grace period.
    public void Drain(TimeSpan grace)
    {
        while (probe.ReceiveOne(grace) is { } message) Seen.Add(message);
    }
}
