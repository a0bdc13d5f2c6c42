using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster.Support;

/// <summary>Several directory nodes in one process (as Akka.NET's own Distributed Data specs do); all are stopped with the test.</summary>
public abstract class ClusterSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private readonly List<ClusterNode> _nodes = [];

    /// <summary>Starts <paramref name="count"/> nodes, the first the seed, and waits until every one sees all Up.</summary>
    /// <param name="revocations">The list every node polls (several nodes on one machine share one HOME).</param>
    /// <param name="overrides">HOCON laid over every node's cluster configuration.</param>
    /// <param name="withRelay">Every node also runs its relay on a real socket.</param>
    protected async Task<IReadOnlyList<ClusterNode>> FormAsync(int count, IRevocations? revocations = null, string? overrides = null, bool withRelay = false)
    {
        var first = Track(ClusterNodes.Start("a", seed: null, revocations, overrides, withRelay));
        var nodes = new List<ClusterNode> { first };
        for (var i = 1; i < count; i++) nodes.Add(Track(ClusterNodes.Start(((char)('a' + i)).ToString(), first.ClusterAddress, revocations, overrides, withRelay)));
        await AwaitAssertAsync(() =>
        {
            foreach (var node in nodes)
                Akka.Cluster.Cluster.Get(node.Inner).State.Members.Count(m => m.Status == MemberStatus.Up).Should().Be(count);
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        return nodes;
    }

    protected ClusterNode Track(ClusterNode node)
    {
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    /// <summary>Registers <paramref name="uid"/> at <paramref name="node"/> the honest way; returns the peer's probe and its link.</summary>
    protected async Task<(TestProbe Peer, IActorRef Link)> RegisterAsync(ClusterNode node, string uid)
    {
        var peer = CreateTestProbe(node.Edge);
        var register = ClusterNodes.RegisterAs(uid);
        peer.Send(node.Gate, register);
        var challenge = await peer.ExpectMsgAsync<AuthChallenge>(TimeSpan.FromSeconds(10));
        var link = peer.LastSender;
        peer.Send(link, ClusterNodes.ProofFor(challenge, register));
        (await peer.ExpectMsgAsync<Registered>(TimeSpan.FromSeconds(10))).Uid.Should().Be(register.Uid);
        return (peer, link);
    }

    protected static async Task<IReadOnlyList<string>> WhoAsync(TestProbe peer, IActorRef link)
    {
        peer.Send(link, Who.Instance);
        var online = await peer.ExpectMsgAsync<OnlineUsers>(TimeSpan.FromSeconds(5));
        return online.Uids.Select(u => u.Value).ToList();
    }

    /// <summary>`who` is eventually consistent across nodes (Distributed Data): asked until it shows exactly these.</summary>
    protected async Task WhoShouldBecome(TestProbe peer, IActorRef link, params string[] uids)
    {
        await AwaitAssertAsync(async () => (await WhoAsync(peer, link)).Should().Equal(uids.Order(StringComparer.Ordinal)),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
    }

    protected override void AfterAll()
    {
        ClusterNode[] nodes;
        lock (_nodes) nodes = [.. _nodes];
        Task.WaitAll(nodes.Select(n => n.StopAsync()).ToArray(), TimeSpan.FromSeconds(10));
        base.AfterAll();
    }
}
