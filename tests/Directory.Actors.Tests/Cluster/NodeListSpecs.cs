using Akka.Actor;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Directory.Cluster;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>After Registered a clustered node tells its peer every node's edge (DirectoryNodes, wire 1.5), to fail over to.</summary>
public sealed class NodeListSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    private static PeerEndpoint EdgeOf(ClusterNode node) => new($"{node.Name}.directory.test", 4053);

    /// <summary>What the Host does once a node's edge listens.</summary>
    private static void Announce(ClusterNode node) =>
        node.Inner.ActorSelection($"/user/{DirectoryCluster.RegistryName}").Tell(new EdgeNodes.Announce(EdgeOf(node)));

    private async Task NodesShouldBecome(ClusterNode node, params ClusterNode[] expected)
    {
        var asker = CreateTestProbe(node.Inner);
        await AwaitAssertAsync(async () =>
        {
            var registry = await node.Inner.ActorSelection($"/user/{DirectoryCluster.RegistryName}").ResolveOne(TimeSpan.FromSeconds(3));
            asker.Send(registry, Registry.ListNodes.Instance);
            (await asker.ExpectMsgAsync<Registry.NodesNow>(TimeSpan.FromSeconds(3))).Edges.Should().Equal(expected.Select(EdgeOf));
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_peer_registered_at_one_node_is_told_every_node_s_edge_after_registered_its_own_node_first()
    {
        var nodes = await FormAsync(3);
        foreach (var node in nodes) Announce(node);
        await NodesShouldBecome(nodes[1], nodes[1], nodes[0], nodes[2]);

        var (peer, link) = await RegisterAsync(nodes[1], "alice");

        var told = await peer.ExpectMsgAsync<DirectoryNodes>(TimeSpan.FromSeconds(5));
        told.Nodes.Should().Equal(EdgeOf(nodes[1]), EdgeOf(nodes[0]), EdgeOf(nodes[2]));
        peer.LastSender.Should().Be(link, "only the peer's own link speaks for the directory");
    }

    [Fact]
    public async Task A_node_that_is_removed_is_no_longer_listed()
    {
        var nodes = await FormAsync(3);
        foreach (var node in nodes) Announce(node);
        await NodesShouldBecome(nodes[0], nodes[0], nodes[1], nodes[2]);

        var gone = nodes[2].ClusterAddress;
        await nodes[2].StopAsync();
        Akka.Cluster.Cluster.Get(nodes[0].Inner).Down(gone);

        await NodesShouldBecome(nodes[0], nodes[0], nodes[1]);
        await NodesShouldBecome(nodes[1], nodes[1], nodes[0]);
    }

    [Fact]
    public async Task A_node_whose_edge_has_not_announced_itself_sends_no_list()
    {
        var nodes = await FormAsync(1);

        var (peer, _) = await RegisterAsync(nodes[0], "alice");

        await peer.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
    }
}
