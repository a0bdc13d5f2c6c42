using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>Floods at a peer's P2P port and at the directory; the limits hold and the others keep working.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FloodSpecs(ITestOutputHelper output)
{
    private const int Connections = 1000;
    private const int Proposals = 100;
    private const string RefusalSummary = "more P2P links refused in the last";
    private static readonly Regex RefusalSummaryCount = new(@"(\d+) more P2P links refused in the last");

    [Fact]
    public async Task A_thousand_silent_connections_and_a_proposal_storm_are_refused_by_their_limits_while_chat_goes_on()
    {
        var bobPort = FreePort.Next();
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob", "--p2p-port", bobPort.ToString());
        var carol = await network.StartPeer("carol");
        var conversation = await Conversations.Start(alice, bob);

        // 1,000 TCP connections to bob's P2P port that never say Hello.
        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < Connections; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try { await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, bobPort)); }
                catch (SocketException) { }
                flood.Add(socket);
            }
            await bob.ExpectLog("links are already waiting for their Hello");

            // The established conversation does not notice.
            alice.Send(new { cmd = "send", conversation, text = "during the flood" });
            bob.Send(new { cmd = "send", conversation, text = "still here" });
            (await Conversations.Received(bob, conversation, 1)).Single().Text.Should().Be("during the flood");
            (await Conversations.Received(alice, conversation, 1)).Single().Text.Should().Be("still here");

            // A proposal storm from alice: her request bucket runs dry, the rest are refused by name.
            for (var i = 0; i < Proposals; i++) alice.Send(new { cmd = "connect", to = new[] { "carol" } });
            var rateLimited = 0;
            var proposed = 0;
            for (var i = 0; i < Proposals; i++)
            {
                var e = await alice.ExpectOneOf(["proposed", "error"], e => e.TryGetProperty("command", out var c) ? c.GetString() == "connect" : true, TimeSpan.FromSeconds(30));
                if (e.GetProperty("event").GetString() == "proposed") proposed++;
                else if (e.GetProperty("message").GetString()!.StartsWith("rate limited")) rateLimited++;
            }
            rateLimited.Should().BeGreaterThan(Proposals / 2);
            await network.Directory.ExpectLog("request storm from alice");

            // Carol is not slowed down by alice's storm, and bob dials out to her while his listener is full.
            var fresh = await Conversations.Start(carol, bob);
            carol.Send(new { cmd = "send", conversation = fresh, text = "hi bob" });
            (await Conversations.Received(bob, fresh, 1)).Single().Text.Should().Be("hi bob");

            // A burst of refusals is one line for the first and one summary with the count of the rest. On a
            // slow machine the flood itself may pause for more than a second: then it is two bursts, and the
            // second summary comes a second after the last refusal. Read until every burst is summed up.
            await bob.ExpectLog(RefusalSummary);
            var (firstRefusalLines, summaryLines, refused) = Refusals(bob.Stderr);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (refused < Connections - 64 - 10 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                (firstRefusalLines, summaryLines, refused) = Refusals(bob.Stderr);
            }
            var stormLines = Count(network.Directory.Stderr, "request storm from alice: refusing");
            output.WriteLine($"flood: {Connections} silent connections, bob refused {refused} at accept (cap 64) in {firstRefusalLines + summaryLines} log line(s); " +
                             $"proposal storm of {Proposals}: {proposed} proposed, {rateLimited} rate limited, {stormLines} storm line(s) in the directory log");
            refused.Should().BeGreaterThanOrEqualTo(Connections - 64 - 10, "at most 64 wait for their Hello, and every refusal is counted");
            (firstRefusalLines + summaryLines).Should().BeLessThan(10, "refusals are logged once per burst with a count, not once per link");
            stormLines.Should().Be(1, "a burst is logged once, not per message");
        }
        finally
        {
            foreach (var socket in flood) socket.Dispose();
        }

        // With the flood gone, bob's listener takes a new link: alice dials him for a new conversation.
        var after = await Conversations.Start(bob, alice);
        alice.Send(new { cmd = "send", conversation = after, text = "after the flood" });
        (await Conversations.Received(bob, after, 1)).Single().Text.Should().Be("after the flood");
    }

    /// First-refusal lines, summary lines, and the refusals they count together.
    private static (int FirstLines, int SummaryLines, int Refused) Refusals(string log)
    {
        var first = Count(log, "links are already waiting for their Hello");
        var summaries = log.Split('\n').Select(l => RefusalSummaryCount.Match(l)).Where(m => m.Success).ToList();
        return (first, summaries.Count, first + summaries.Sum(m => int.Parse(m.Groups[1].Value)));
    }

    private static int Count(string text, string what) => text.Split('\n').Count(l => l.Contains(what, StringComparison.Ordinal));
}
