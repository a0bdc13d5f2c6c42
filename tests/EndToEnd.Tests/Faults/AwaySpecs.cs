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
[Collection(EndToEndWaitingCollection.Name)]
public sealed class AwaySpecs(ITestOutputHelper output)
{
    private const int WhileAway = 50;

    /// How long bob's network stays down in the first scenario: the minute, six times `pending-after`.
    private static readonly TimeSpan Away = TimeSpan.FromSeconds(60);

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
        // Only paces the scenario (bob stays away a full minute); what follows awaits events.
        if (Away > clock.Elapsed) await Task.Delay(Away - clock.Elapsed);

        proxy.Down = false;
        await ledger.AwaitOutcomes(TimeSpan.FromSeconds(60));
        var deliveredAfter = clock.Elapsed;
        await ledger.SettleWithMarker("marker: back");

        output.WriteLine($"{WhileAway} sent while bob was away {Away.TotalSeconds:0} s: all pending after {pendingAfter.TotalSeconds:0.0} s, settled {deliveredAfter.TotalSeconds:0.0} s after the cut ({ledger})");
        ledger.Verify();
        ledger.Delivered.Should().Be(WhileAway, "nothing typed while bob was away is lost");
        ledger.ShownInOrder.Where(pending.Contains).Should().Equal(ledger.Sent, "bob sees them in the order alice typed them");
    }

    [Fact]
    public async Task A_member_whose_program_restarts_is_proposed_the_conversation_again_and_on_accepting_sees_everything_once_in_order()
    {
        const int Each = 20;
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only, as above: a relayed link would route around the proxy.
        string[] bobArgs = ["--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never"];
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", bobArgs);
        var conversation = await Conversations.Start(alice, bob);
        var clock = Stopwatch.StartNew();

        // Bob's link is held down, so these really wait in alice's outbox when his program dies.
        proxy.Down = true;
        proxy.CutAll();
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));
        var inFlight = new Ledger(alice, bob, conversation);
        for (var i = 0; i < Each; i++) alice.Send(new { cmd = "send", conversation, text = $"in flight #{i:D2}" });
        await inFlight.CollectSent(Each);
        await network.Directory.ExpectLog("alice watches for bob to come online again");
        bob.Kill();
        (await bob.WaitForExit(TimeSpan.FromSeconds(10))).Should().BeTrue();

        for (var i = 0; i < Each; i++) alice.Send(new { cmd = "send", conversation, text = $"after the crash #{i:D2}" });
        await inFlight.CollectSent(2 * Each);

        // Bob's program starts again, with no memory of the conversation, at the same address.
        proxy.Down = false;
        var back = await network.StartPeer("bob", bobArgs);
        var ledger = new Ledger(alice, back, conversation);
        ledger.Sent.AddRange(inFlight.Sent);
        var proposal = await back.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
        proposal.GetProperty("from").GetString().Should().Be("alice");
        proposal.GetProperty("waiting").GetInt32().Should().Be(2 * Each);
        back.Send(new { cmd = "accept", conversation });

        await ledger.AwaitOutcomes(TimeSpan.FromSeconds(30));
        var settled = clock.Elapsed;
        await ledger.SettleWithMarker("marker: rejoined");

        output.WriteLine($"{2 * Each} sent while bob was away or gone: settled {settled.TotalSeconds:0.0} s after the cut ({ledger})");
        ledger.Verify();
        ledger.Delivered.Should().Be(2 * Each, "nothing typed for bob is lost across his restart");
        ledger.ShownInOrder.Where(ledger.Sent.Contains).Should().Equal(ledger.Sent, "bob sees each once, in the order alice typed them");
        alice.TakeAll("undelivered").Should().BeEmpty();
    }

    [Fact]
    public async Task Messages_whose_TTL_ends_while_the_member_is_away_are_expired_and_never_shown_later()
    {
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only, as above: a relayed link would route around the proxy.
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never");
        var conversation = await Conversations.Start(alice, bob);
        alice.Send(new { cmd = "ttl", seconds = 5 });

        proxy.Down = true;
        proxy.CutAll();
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            alice.Send(new { cmd = "send", conversation, text = $"short-lived #{i}" });
            sent.Add((await alice.Expect("sent")).GetProperty("id").GetString()!);
        }
        var expired = new HashSet<string>();
        while (expired.Count < 5)
            expired.Add((await alice.Expect("expired", e => e.TryGetProperty("peer", out var peer) && peer.GetString() == "bob", TimeSpan.FromSeconds(30)))
                .GetProperty("id").GetString()!);
        expired.Should().BeEquivalentTo(sent);
        await Task.Delay(TimeSpan.FromSeconds(5)); // bob stays away 15 s in all; only paces the scenario, nothing waits on it

        proxy.Down = false;
        alice.Send(new { cmd = "ttl", seconds = 300 });
        alice.Send(new { cmd = "send", conversation, text = "back again" });
        try
        {
            await bob.Expect("message", e => e.GetProperty("text").GetString() == "back again", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            output.WriteLine($"--- alice stderr ---\n{alice.Stderr}");
            throw;
        }
        bob.TakeAll("message").Select(m => m.GetProperty("text").GetString()).Should().NotContain(t => t!.StartsWith("short-lived"));
        alice.TakeAll("undelivered").Should().BeEmpty("a message that ran out of time is expired, not undelivered");
        alice.TakeAll("delivered").Select(d => d.GetProperty("id").GetString()).Should().NotIntersectWith(sent);
    }

    [Fact]
    public async Task The_outbox_refuses_the_1001st_waiting_message_at_once_and_quitting_reports_each_waiting_one_undelivered()
    {
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only, as above: a relayed link would route around the proxy.
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never");
        var conversation = await Conversations.Start(alice, bob);
        proxy.Down = true;
        proxy.CutAll();
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));

        var ledger = new Ledger(alice, bob, conversation);
        for (var i = 0; i < 1001; i++) alice.Send(new { cmd = "send", conversation, text = $"#{i:D4}" });
        await ledger.CollectSent(1001);
        var refused = await alice.Expect("undelivered", e => e.GetProperty("id").GetString() == ledger.Sent[^1], TimeSpan.FromSeconds(30));
        refused.GetProperty("reason").GetString().Should().StartWith("outbox full: 1000 messages");

        alice.Send(new { cmd = "quit" });
        var lost = new HashSet<string>();
        while (lost.Count < 1000)
            lost.Add((await alice.Expect("undelivered", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30)))
                .GetProperty("id").GetString()!);
        lost.Should().BeEquivalentTo(ledger.Sent.Take(1000), "each waiting message is reported, none dropped in silence");
        (await alice.WaitForExit(TimeSpan.FromSeconds(30))).Should().BeTrue("the node quits once it has said so");
    }
}
