using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>A reader that stops reading: the proxy stops forwarding towards bob while alice sends.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class StalledReaderSpecs(ITestOutputHelper output)
{
    private const int Messages = 1100;  // over the outbox limit of 1000
    private const int TextBytes = 8000; // 1100 x 8 KB = 8.8 MB: far over the link's 1 MiB write queue

    [Fact]
    public async Task A_stalled_reader_keeps_the_senders_memory_bounded_shows_back_pressure_in_the_log_and_loses_nothing()
    {
        var bobPort = FreePort.Next();
        await using var proxy = new TcpProxy(new PeerEndpoint("127.0.0.1", bobPort));
        await using var network = await Network.Start();
        // Direct links only: this fault is the proxy's, and a relayed link would route around it.
        var alice = await network.StartPeer("alice", "--relay", "never");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString(), "--advertise", proxy.Endpoint.ToString(), "--relay", "never");
        var conversation = await Conversations.Start(alice, bob);
        var rssBefore = RssMiB(alice.Pid);

        proxy.StallTowardsTarget();
        var clock = Stopwatch.StartNew();
        var filler = new string('x', TextBytes - 10);
        for (var i = 0; i < Messages; i++) alice.Send(new { cmd = "send", conversation, text = $"{i:D6} {filler}" });
        var ledger = new Ledger(alice, bob, conversation);
        await ledger.CollectSent(Messages);

        // Back-pressure: the session stops handing the link frames at its send window and says so.
        await alice.ExpectLog("send window full", TimeSpan.FromSeconds(60));
        var rssStalled = RssMiB(alice.Pid);
        await Task.Delay(2000); // let the stall last: nothing may move, nothing may grow
        var rssLater = RssMiB(alice.Pid);

        proxy.Resume();
        await ledger.AwaitOutcomes(TimeSpan.FromSeconds(90));
        var settled = clock.Elapsed;
        await ledger.SettleWithMarker("after the stall");
        ledger.Verify();

        // The outbox holds 1 MiB of text for a member (131 of these messages; 1,000 is the cap in number);
        // the rest are refused at once, by name. (The proxy's read already posted when the stall began
        // lets up to 64 KiB, 8 messages, through: a few more fit.)
        var held = 1024 * 1024 / TextBytes;
        ledger.UndeliveredReasons.Should().AllSatisfy(r => r.Should().StartWith("outbox full: 1024 KiB"));
        ledger.Undelivered.Should().BeInRange(Messages - held - 16, Messages - held);
        var log = alice.Stderr;
        output.WriteLine($"stall: {Messages} x {TextBytes} B sent into a stalled link; {ledger}; settled {settled.TotalSeconds:0.0} s after the stall began; " +
                         $"alice RSS {rssBefore} MiB before, {rssStalled} MiB stalled, {rssLater} MiB 2 s later; " +
                         $"log: {Count(log, "send window full")} 'send window full', {Count(log, "write queue full")} 'write queue full', {Count(log, "redialing")} redials");
        (rssLater - rssBefore).Should().BeLessThan(200, "the outbox and the write queue are bounded");
    }

    private static long RssMiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();

    private static int Count(string text, string what) => text.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));
}
