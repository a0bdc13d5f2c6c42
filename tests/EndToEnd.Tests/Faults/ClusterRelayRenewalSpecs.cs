using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// Fresh relay tokens across a directory cluster (issue 13, docs/cluster.md): two `--relay always`
/// peers whose relay's node is killed re-register at two different surviving nodes; their requests
/// for a fresh token meet anyway and the conversation resumes through a surviving node's relay.
/// </summary>
[Collection(EndToEndWaitingCollection.Name)]
public sealed class ClusterRelayRenewalSpecs(ITestOutputHelper output)
{
    private readonly List<EncryptioProcess> _nodes = [];
    private readonly List<EncryptioProcess> _peers = [];

    [Fact]
    public async Task Always_relay_peers_whose_relay_node_is_killed_resume_through_a_fresh_token_from_two_other_nodes_and_nothing_is_lost()
    {
        var network = new Network();
        (await EncryptioProcess.RunToEnd("init", "--home", network.Home)).ExitCode.Should().Be(0);
        var homeB = network.Home + "-node-b";
        var homeC = network.Home + "-node-c";
        foreach (var home in new[] { homeB, homeC })
        {
            var issued = await EncryptioProcess.RunToEnd("directory-cert", "--home", network.Home, "--out", home);
            issued.ExitCode.Should().Be(0, issued.Stderr);
        }
        try
        {
            await Run(network, homeB, homeC);
        }
        finally
        {
            await Task.WhenAll(_nodes.Select(n => n.Terminate(TimeSpan.FromSeconds(10)))
                .Concat(_peers.Select(p => p.DisposeAsync().AsTask())));
            await network.DisposeAsync();
            foreach (var home in new[] { homeB, homeC })
                try { System.IO.Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private async Task Run(Network network, string homeB, string homeC)
    {
        var (portA, clusterA) = (FreePort.Next(), FreePort.Next());
        var (portB, clusterB) = (FreePort.Next(), FreePort.Next());
        var (portC, clusterC) = (FreePort.Next(), FreePort.Next());
        var nodeA = network.Add(Node("directory-a", network.Home, portA, clusterA));
        await nodeA.ExpectLog("directory nodes peers are told of: 1");
        var nodeB = network.Add(Node("directory-b", homeB, portB, clusterB, clusterA));
        var nodeC = network.Add(Node("directory-c", homeC, portC, clusterC, clusterA));
        await Task.WhenAll(new[] { nodeA, nodeB, nodeC }.Select(n => n.ExpectLog("directory nodes peers are told of: 3", TimeSpan.FromSeconds(40))));

        // alice names A and B (her client tries them in a shuffled order, then C, which she is told of);
        // bob names C only. alice proposes, so the relay is her node's; when it dies she moves to the
        // other of A and B, never to bob's C: the two are then registered at two different nodes.
        var alice = await Peer(network, "alice", $"127.0.0.1:{portA},127.0.0.1:{portB}");
        var bob = await Peer(network, "bob", $"127.0.0.1:{portC}");
        var (first, other) = await RegisteredAt("alice", nodeA, nodeB);
        var conversation = await StartRelayedWhenOnline(alice, bob);

        const int Each = 5;
        foreach (var i in Enumerable.Range(0, Each))
        {
            alice.Send(new { cmd = "send", conversation, text = $"before #{i}" });
            bob.Send(new { cmd = "send", conversation, text = $"bob before #{i}" });
        }
        (await Conversations.Received(bob, conversation, Each)).Should().HaveCount(Each);
        (await Conversations.Received(alice, conversation, Each)).Should().HaveCount(Each);

        // kill -9 of alice's node, relay and all: the relayed link drops, its token is spent.
        first.Kill();
        var clock = Stopwatch.StartNew();
        await first.WaitForExit(TimeSpan.FromSeconds(10));
        await bob.Expect("disconnected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
        var whileDown = Enumerable.Range(0, Each).Select(i => $"while the relay is down #{i}").ToArray();
        foreach (var text in whileDown) alice.Send(new { cmd = "send", conversation, text });
        foreach (var text in whileDown) bob.Send(new { cmd = "send", conversation, text = "bob: " + text });

        foreach (var peer in new[] { alice, bob })
        {
            var connected = await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(90));
            connected.GetProperty("path").GetString().Should().Be("relay", $"{peer.Name} is back through a surviving node's relay");
        }
        var resumed = clock.Elapsed;
        (await Conversations.Received(bob, conversation, Each)).Select(m => m.Text).Should().Equal(whileDown);
        (await Conversations.Received(alice, conversation, Each)).Select(m => m.Text).Should().Equal(whileDown.Select(t => "bob: " + t));
        (await Conversations.Delivered(alice, 2 * Each)).Should().OnlyHaveUniqueItems();
        (await Conversations.Delivered(bob, 2 * Each)).Should().OnlyHaveUniqueItems();
        alice.TakeAll("undelivered").Should().BeEmpty();
        bob.TakeAll("undelivered").Should().BeEmpty();

        other.Stderr.Should().Contain("registered alice (", "alice moved to the other node she named");
        nodeC.Stderr.Should().NotContain("registered alice (", "so the two members were at two different nodes");
        var meeting = new[] { other, nodeC }.Where(n => n.Stderr.Contains("relayed by this node", StringComparison.Ordinal)).ToList();
        meeting.Should().ContainSingle("one surviving node matched the pair and issued the fresh token");
        output.WriteLine($"relay node {first.Name} killed; alice re-registered at {other.Name}, bob stayed at {nodeC.Name}; " +
                         $"fresh token from {meeting[0].Name}'s relay; both back on the relay {resumed.TotalSeconds:0.0} s after the kill, " +
                         $"{2 * Each} messages sent while down, all received once");
    }

    private EncryptioProcess Node(string name, string home, int port, int clusterPort, int? seed = null)
    {
        var node = EncryptioProcess.Start(name, ["directory", "--home", home, "--port", $"{port}", "--cluster-port", $"{clusterPort}",
            "--relay-port", $"{FreePort.Next()}", .. seed is { } s ? new[] { "--seed", $"127.0.0.1:{s}" } : []]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    private async Task<EncryptioProcess> Peer(Network network, string uid, string directories)
    {
        var peer = network.Add(EncryptioProcess.Start(uid, "peer", uid, "--home", network.Home, "--directory", directories, "--relay", "always", "--json"));
        lock (_peers) _peers.Add(peer);
        await peer.Expect("registered", e => e.GetProperty("uid").GetString() == uid, TimeSpan.FromSeconds(40));
        return peer;
    }

    /// <summary>Which of two nodes logged the registration (polled: the log line follows the peer's event by a moment).</summary>
    private static async Task<(EncryptioProcess At, EncryptioProcess Other)> RegisteredAt(string uid, EncryptioProcess a, EncryptioProcess b)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (a.Stderr.Contains($"registered {uid} (", StringComparison.Ordinal)) return (a, b);
            if (b.Stderr.Contains($"registered {uid} (", StringComparison.Ordinal)) return (b, a);
            DateTime.UtcNow.Should().BeBefore(deadline, $"{uid} registered at {a.Name} or {b.Name}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Proposed again while the proposer's node does not know the other is online yet (the online index is eventually consistent).</summary>
    private static async Task<string> StartRelayedWhenOnline(EncryptioProcess proposer, EncryptioProcess invited)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            proposer.Send(new { cmd = "connect", to = new[] { invited.Name } });
            var answer = await proposer.ExpectOneOf(["proposed", "error"]);
            if (answer.GetProperty("event").GetString() == "proposed")
            {
                var conversation = answer.GetProperty("conversation").GetString()!;
                await invited.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation);
                invited.Send(new { cmd = "accept", conversation });
                foreach (var peer in new[] { proposer, invited })
                {
                    var connected = await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
                    connected.GetProperty("path").GetString().Should().Be("relay");
                }
                return conversation;
            }
            answer.GetProperty("code").GetString().Should().Be("not-online", answer.ToString());
            DateTime.UtcNow.Should().BeBefore(deadline, $"{invited.Name} should be reachable for proposals: {answer}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
