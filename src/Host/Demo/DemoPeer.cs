using System.Threading.Channels;
using Akka.Actor;
using Encryptio.Host.Nodes;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Host.Demo;

/// <summary>One scripted peer of the demo: send it commands, await its events; every event is printed.</summary>
public sealed class DemoPeer(Uid uid, PeerHost.Running node, ChannelReader<IPeerEvent> events, TextWriter stdout)
{
    public Uid Uid { get; } = uid;
    public PeerHost.Running Node { get; } = node;

    public void Do(IPeerCommand command) => Node.Peer.Tell(command);

    private readonly List<IPeerEvent> _unclaimed = [];

    /// <summary>
    /// Waits for the first event of type T that matches. Every event is printed once, as it arrives;
    /// those that do not match wait for a later expectation instead of being lost.
    /// </summary>
    public async Task<T> Expect<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : IPeerEvent
    {
        bool Matches(IPeerEvent e) => e is T t && (match is null || match(t));
        var index = _unclaimed.FindIndex(Matches);
        if (index >= 0)
        {
            var found = (T)_unclaimed[index];
            _unclaimed.RemoveAt(index);
            return found;
        }
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var e = await events.ReadAsync(cancel.Token);
                Print(e);
                if (Matches(e)) return (T)e;
                _unclaimed.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Uid} did not see {typeof(T).Name} in time");
        }
    }

    private void Print(IPeerEvent e)
    {
        var text = EventText.Render(e);
        if (text.Length == 0) return;
        lock (stdout) stdout.WriteLine($"{Uid,-6}| {text.Replace("\n", "\n      | ")}");
    }
}
