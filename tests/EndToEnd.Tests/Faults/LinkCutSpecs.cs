using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// Two real peers whose P2P link runs through a real TCP proxy (bob advertises the proxy's port);
/// the proxy resets the link at seeded random moments while both sides send. CI sends 200 messages
/// each way; ENCRYPTIO_FAULT_MESSAGES=1000 makes the full run recorded in docs/security.md.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkCutSpecs(ITestOutputHelper output)
{
    internal static int MessagesEachWay =>
        int.TryParse(Environment.GetEnvironmentVariable("ENCRYPTIO_FAULT_MESSAGES"), out var n) && n > 0 ? n : 200;

    /// One message each way per pace; the cuts fall at seeded random gaps of 250-1000 ms while they flow.
    /// Task.Delay only paces the traffic and the cuts; every check awaits an event.
    private const int PaceMs = 20;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Links_cut_at_random_points_while_messages_flow_each_way_lose_nothing_and_show_nothing_twice(int seed)
    {
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only: this fault is the proxy's, and a relayed link would route around it.
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never");
        var conversation = await Conversations.Start(alice, bob);

        var n = MessagesEachWay;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        using var sending = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < n; i++)
            {
                alice.Send(new { cmd = "send", conversation, text = $"alice #{i:D4}" });
                bob.Send(new { cmd = "send", conversation, text = $"bob #{i:D4}" });
                await Task.Delay(PaceMs);
            }
        });
        var cutter = Task.Run(async () =>
        {
            while (!sender.IsCompleted)
            {
                await Task.Delay(random.Next(250, 1000));
                proxy.CutAll();
            }
        });
        await Task.WhenAll(sender, cutter);

        var fromAlice = new Ledger(alice, bob, conversation);
        var fromBob = new Ledger(bob, alice, conversation);
        await fromAlice.CollectSent(n);
        await fromBob.CollectSent(n);
        await fromAlice.AwaitOutcomes(TimeSpan.FromSeconds(60));
        await fromBob.AwaitOutcomes(TimeSpan.FromSeconds(60));
        var settled = clock.Elapsed;
        await fromAlice.SettleWithMarker("marker from alice");
        await fromBob.SettleWithMarker("marker from bob");

        output.WriteLine($"seed {seed}: {n} each way, {proxy.Cuts} cuts, {proxy.LinksAccepted} links through the proxy, all settled after {settled.TotalSeconds:0.0} s");
        output.WriteLine(fromAlice.ToString());
        output.WriteLine(fromBob.ToString());
        fromAlice.Verify();
        fromBob.Verify();
        proxy.Cuts.Should().BeGreaterThanOrEqualTo(2, "the links were really cut while messages flowed");
    }
}
