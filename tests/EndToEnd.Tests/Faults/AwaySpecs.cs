using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// A member whose network is gone for longer than `pending-after`: what the other side types meanwhile
/// waits in the sender's memory (`pending`), then arrives once each, in the order typed, when the
/// network is back (issue 14: away, then back, same program).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AwaySpecs(ITestOutputHelper output)
{
    private const int WhileAway = 50;

    [Fact]
    public async Task Messages_typed_while_the_member_is_away_wait_pending_and_arrive_once_each_in_order_when_it_is_back()
    {
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only: bob's network being down is the proxy's doing, and a relayed link would route around it.
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never");
        var conversation = await Conversations.Start(alice, bob);

        proxy.Down = true;
        proxy.CutAll();
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        var ledger = new Ledger(alice, bob, conversation);
        for (var i = 0; i < WhileAway; i++) alice.Send(new { cmd = "send", conversation, text = $"while away #{i:D2}" });
        await ledger.CollectSent(WhileAway);
        var pending = new HashSet<string>();
        while (pending.Count < WhileAway)
            pending.Add((await alice.Expect("pending", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30)))
                .GetProperty("id").GetString()!);
        var pendingAfter = clock.Elapsed;
        pending.Should().BeEquivalentTo(ledger.Sent);

        proxy.Down = false;
        await ledger.AwaitOutcomes(TimeSpan.FromSeconds(60));
        var deliveredAfter = clock.Elapsed;
        await ledger.SettleWithMarker("marker: back");

        output.WriteLine($"{WhileAway} sent while bob was away: all pending after {pendingAfter.TotalSeconds:0.0} s, settled {deliveredAfter.TotalSeconds:0.0} s after the cut ({ledger})");
        ledger.Verify();
        ledger.Delivered.Should().Be(WhileAway, "nothing typed while bob was away is lost");
        ledger.ShownInOrder.Where(pending.Contains).Should().Equal(ledger.Sent, "bob sees them in the order alice typed them");
    }
}
