using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Encryptio.Directory.Cluster;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Actors.Tests.Cluster;

public sealed class OnlineIndexSpecs
{
    private static readonly UniqueAddress NodeA = new(new Address("akka.ssl.tcp", "encryptio-cluster", "10.0.0.1", 25520), 1);
    private static readonly UniqueAddress NodeB = new(new Address("akka.ssl.tcp", "encryptio-cluster", "10.0.0.2", 25520), 2);

    [Fact]
    public void A_uid_lands_in_the_same_key_and_shard_on_every_node_and_every_run()
    {
        // Fixed values: string.GetHashCode differs per process, and every node must agree.
        // FNV-1a("alice") = 2267157479.
        new UidShards().ShardId("alice").Should().Be("79");
        new OnlineIndex(32).KeyOf(Uid.Parse("alice")).Id.Should().Be("directory-online-7");
    }

    [Fact]
    public void Who_shows_uids_of_up_nodes_and_this_nodes_own_and_hides_a_gone_nodes()
    {
        var index = new OnlineIndex(1);
        index.Replace(index.Keys[0], LWWDictionary<string, string>.Empty
            .SetItem(NodeA, "alice", OnlineIndex.NodeName(NodeA))
            .SetItem(NodeB, "bob", OnlineIndex.NodeName(NodeB)));

        index.Online(new HashSet<string> { OnlineIndex.NodeName(NodeA) }, [Uid.Parse("carol")])
            .Select(u => u.Value).Should().Equal("alice", "carol");
        index.LeftBy(OnlineIndex.NodeName(NodeB)).Select(u => u.Value).Should().Equal("bob");
        index.HolderOf(Uid.Parse("alice")).Should().Be(OnlineIndex.NodeName(NodeA));
    }
}
