using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>
/// A partition (Akka.Remote's throttler, blackholing the links between the sides): the split brain
/// resolver keeps the majority; the minority node downs itself and stops serving, so no UID is ever
/// registered on both sides.
/// </summary>
public sealed class PartitionSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    private const string Throttled = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";

    [Fact]
    public async Task A_partition_leaves_the_minority_node_refusing_and_never_two_registrations_of_one_uid()
    {
        var nodes = await FormAsync(3, overrides: Throttled);
        var (bob, bobLink) = await RegisterAsync(nodes[0], "bob");
        await RegisterAsync(nodes[2], "alice");
        await WhoShouldBecome(bob, bobLink, "alice", "bob");

        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)nodes[2].Inner).Provider).Transport;
        foreach (var other in new[] { nodes[0], nodes[1] })
            (await transport.ManagementCommand(new SetThrottle(other.ClusterAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)))
                .Should().BeTrue();

        // Keep-majority: C, alone, downs itself; its edge stops with it (its peers must go elsewhere).
        await nodes[2].Inner.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        await nodes[2].Edge.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(10));

        // The majority serves: alice registers there, and only that registration is listed.
        var (alice, aliceLink) = await RegisterAsync(nodes[1], "alice");
        await WhoShouldBecome(alice, aliceLink, "alice", "bob");
        await WhoShouldBecome(bob, bobLink, "alice", "bob");
    }
}
