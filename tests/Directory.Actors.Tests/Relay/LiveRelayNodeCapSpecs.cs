using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Encryptio.Directory.Relay;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests.Relay;

/// <summary>The relay's node-wide bandwidth cap (<c>max-node-bytes-per-second</c>) on a real relay: pairs together are throttled to it.</summary>
public sealed class LiveRelayNodeCapSpecs : TestKit
{
    private const long NodeRate = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly RelayReference _relay;

    public LiveRelayNodeCapSpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO"), output: output)
    {
        // Each pair alone may use the whole node's rate; two at once must share it.
        var settings = RelaySettings.Default with { MaxBytesPerSecond = NodeRate, MaxNodeBytesPerSecond = NodeRate };
        _relay = DirectoryNode.StartRelay(Sys, settings, "127.0.0.1", "127.0.0.1", 0, Pkis.Encryptio.DirectoryCertificate, Pkis.Encryptio.Trust);
    }

    private async Task<(RelayDial.Outcome A, RelayDial.Outcome B)> PairAsync(string a, string b)
    {
        var token = RelayPreface.NewToken();
        _relay.Relay.Tell(new IssueRelayToken(token, Uid.Parse(a), Uid.Parse(b)));
        Task<RelayDial.Outcome> Dial(string uid) => RelayDial.ConnectAsync(_relay.Endpoint, Pkis.Encryptio.UserCertificate(uid), Pkis.Encryptio.Trust,
            token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);
        var first = Dial(a);
        var second = await Dial(b);
        return (await first, second);
    }

    [Fact]
    public async Task Two_pairs_that_together_exceed_the_nodes_bandwidth_are_throttled_to_it_not_refused()
    {
        var (a1, b1) = await PairAsync("alice", "bob");
        var (a2, b2) = await PairAsync("carol", "dave");
        using var alice = a1; using var bob = b1; using var carol = a2; using var dave = b2;
        // 2 x 2 seconds' worth of the node's rate: one second of burst, then three at the rate (alone, each pair needs one).
        var payload = new byte[2 * NodeRate];
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Move(alice, bob), Move(carol, dave)).WaitAsync(Patience);

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(2.5), $"{2 * payload.Length} bytes through a node capped at {NodeRate} B/s");

        async Task Move(RelayDial.Outcome from, RelayDial.Outcome to)
        {
            var send = from.Tls!.WriteAsync(payload).AsTask();
            await to.Tls!.ReadExactlyAsync(new byte[payload.Length]).AsTask();
            await send;
        }
    }
}
