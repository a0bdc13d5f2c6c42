using System.Threading.Channels;
using Akka.Actor;
using Encryptio.Host.Nodes;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Console;

namespace Encryptio.Host.Demo;

/// <summary>One scripted peer of the demo: send it commands, await its events; every event is printed.</summary>
public sealed class DemoPeer(Uid uid, PeerHost.Running node, ChannelReader<IPeerEvent> events, TextWriter stdout)
{
    public Uid Uid { get; } = uid;
    public PeerHost.Running Node { get; } = node;

    public void Do(IPeerCommand command) => Node.Peer.Tell(command);

    /// <summary>Waits for the first event of type T that matches; earlier events are printed and passed over.</summary>
    public async Task<T> Expect<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : IPeerEvent
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var e = await events.ReadAsync(cancel.Token);
                Print(e);
                if (e is T t && (match is null || match(t))) return t;
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
