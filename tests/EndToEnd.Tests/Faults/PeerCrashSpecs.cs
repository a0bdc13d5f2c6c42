using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>kill -9 of a peer process in the middle of a conversation, then the same peer again (who declines the old conversation, proposed to it again).</summary>
[Collection(EndToEndWaitingCollection.Name)]
public sealed class PeerCrashSpecs(ITestOutputHelper output)
{
    private const int InFlight = 50;

    [Fact]
    public async Task A_peer_killed_mid_conversation_is_reported_disconnected_its_messages_wait_pending_it_is_dropped_by_the_directory_and_can_come_back()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);
        alice.Send(new { cmd = "send", conversation, text = "before the crash" });
        await alice.Expect("sent");
        await bob.Expect("message", timeout: TimeSpan.FromSeconds(30));
        await alice.Expect("delivered");

        // Alice's messages are on their way when bob's process dies without a word; more follow
        // before she can know. None may vanish: each is delivered, or waits for bob in alice's
        // memory (`pending`, link down), never reported lost while its TTL runs.
        var ledger = new Ledger(alice, bob, conversation);
        for (var i = 0; i < InFlight; i++) alice.Send(new { cmd = "send", conversation, text = $"in flight #{i}" });
        bob.Kill();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < InFlight; i++) alice.Send(new { cmd = "send", conversation, text = $"after the crash #{i}" });
        await bob.WaitForExit(TimeSpan.FromSeconds(10));

        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));
        var disconnectedAfter = clock.Elapsed;
        await ledger.CollectSent(2 * InFlight);
        var waiting = ledger.Sent.Skip(InFlight).ToHashSet();
        var pending = new HashSet<string>();
        while (!waiting.IsSubsetOf(pending))
        {
            var e = await alice.Expect("pending", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
            e.GetProperty("reason").GetString().Should().Be("link down");
            e.GetProperty("peer").GetString().Should().Be("bob");
            pending.Add(e.GetProperty("id").GetString()!);
        }
        var settledAfter = clock.Elapsed;
        alice.TakeAll("undelivered").Should().BeEmpty("a member who is away is waited for, within the TTL");
        pending.Should().OnlyHaveUniqueItems();

        // The directory's DeathWatch (failure detector: heartbeat 1 s, acceptable pause 10 s) drops bob.
        await network.Directory.ExpectLog("bob offline", TimeSpan.FromSeconds(40));
        var droppedAfter = clock.Elapsed;
        alice.Send(new { cmd = "who" });
        (await alice.Expect("online")).GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().Equal("alice");

        // Same HOME, same UID: bob registers again. Alice's node proposes the old conversation to him
        // again (issue 14), saying how many messages wait; bob declines: each is `undelivered`, "declined".
        var bobAgain = await network.StartPeer("bob");
        var reproposal = await bobAgain.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
        await alice.Expect("proposed", e => e.GetProperty("conversation").GetString() == conversation);
        var stillWaiting = reproposal.GetProperty("waiting").GetInt32();
        stillWaiting.Should().BeGreaterThanOrEqualTo(InFlight, "at least every message sent after the kill waits");
        bobAgain.Send(new { cmd = "decline", conversation });
        await alice.Expect("declined", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
        var declined = new HashSet<string>();
        while (declined.Count < stillWaiting)
        {
            var e = await alice.Expect("undelivered", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
            e.GetProperty("reason").GetString().Should().Be("declined");
            declined.Add(e.GetProperty("id").GetString()!);
        }
        declined.Should().BeSubsetOf(ledger.Sent);

        // And a new conversation works.
        var again = await Conversations.Start(alice, bobAgain);
        alice.Send(new { cmd = "send", conversation = again, text = "welcome back" });
        (await Conversations.Received(bobAgain, again, 1)).Single().Text.Should().Be("welcome back");
        bobAgain.Send(new { cmd = "send", conversation = again, text = "glad to be back" });
        (await Conversations.Received(alice, again, 1)).Single().Text.Should().Be("glad to be back");

        output.WriteLine($"kill -9 bob between {InFlight} and {InFlight} more messages: disconnected after {disconnectedAfter.TotalMilliseconds:0} ms, " +
                         $"every message sent after the kill pending after {settledAfter.TotalSeconds:0.0} s ({pending.Count} pending), directory dropped bob after {droppedAfter.TotalSeconds:0.0} s");
    }
}
