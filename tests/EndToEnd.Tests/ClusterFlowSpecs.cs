using System.Text.Json;
using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>
/// The real program, two directory processes forming one cluster (`--cluster-port`, `--seed`) over one
/// HOME, and peers spread over them (issue 12, docs/cluster.md).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ClusterFlowSpecs
{
    [Fact]
    public async Task Peers_on_two_directory_nodes_see_each_other_are_introduced_across_them_and_a_uid_logging_in_at_the_other_node_replaces_the_first()
    {
        await using var network = new Network();
        var init = await EncryptioProcess.RunToEnd("init", "--home", network.Home);
        init.ExitCode.Should().Be(0, init.Stderr);
        var (portA, clusterA) = (FreePort.Next(), FreePort.Next());
        var (portB, clusterB) = (FreePort.Next(), FreePort.Next());
        var nodeA = network.Add(EncryptioProcess.Start("directory-a", "directory", "--home", network.Home, "--port", $"{portA}", "--cluster-port", $"{clusterA}", "--relay-port", $"{FreePort.Next()}"));
        await nodeA.ExpectLog("directory listening");
        var nodeB = network.Add(EncryptioProcess.Start("directory-b", "directory", "--home", network.Home, "--port", $"{portB}", "--cluster-port", $"{clusterB}", "--seed", $"127.0.0.1:{clusterA}", "--relay-port", $"{FreePort.Next()}"));
        await nodeB.ExpectLog("directory listening");

        var alice = await StartPeer(network, "alice", portA);
        var bob = await StartPeer(network, "bob", portB);

        // `who` is read from Distributed Data: eventually both, from either node.
        await WhoEventually(alice, "alice", "bob");
        await WhoEventually(bob, "alice", "bob");

        // A proposal made at node A is accepted at node B: both are introduced.
        alice.Send(new { cmd = "connect", to = new[] { "bob" } });
        var conversation = (await alice.Expect("proposed")).GetProperty("conversation").GetString()!;
        (await bob.Expect("proposal")).GetProperty("conversation").GetString().Should().Be(conversation);
        bob.Send(new { cmd = "accept", conversation });
        (await alice.Expect("introduced")).GetProperty("peer").GetString().Should().Be("bob");
        (await bob.Expect("introduced")).GetProperty("peer").GetString().Should().Be("alice");

        var aliceAtB = await StartPeer(network, "alice", portB);
        (await alice.Expect("error", e => e.GetProperty("message").GetString()!.Contains("replaced", StringComparison.Ordinal), TimeSpan.FromSeconds(20)))
            .Should().NotBeNull();
        await WhoEventually(aliceAtB, "alice", "bob");
    }

    private static async Task<EncryptioProcess> StartPeer(Network network, string uid, int directoryPort)
    {
        var peer = network.Add(EncryptioProcess.Start(uid, "peer", uid, "--home", network.Home, "--directory", $"127.0.0.1:{directoryPort}", "--json"));
        await peer.Expect("registered", e => e.GetProperty("uid").GetString() == uid);
        return peer;
    }

    private static async Task WhoEventually(EncryptioProcess peer, params string[] uids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            peer.Send(new { cmd = "who" });
            var online = await peer.Expect("online");
            var seen = online.GetProperty("uids").EnumerateArray().Select(u => u.GetString()).ToList();
            if (seen.SequenceEqual(uids)) return;
            if (DateTime.UtcNow > deadline) seen.Should().Equal(uids, "who should converge across the cluster");
            // Polling, not synchronisation: `who` is eventually consistent, and a peer may ask 5 per second.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
