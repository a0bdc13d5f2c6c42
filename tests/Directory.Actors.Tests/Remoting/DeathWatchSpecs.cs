using Akka.Actor;
using Akka.Event;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// Remote DeathWatch in both directions with the real directory. The hardened serializers keep Watch,
/// Unwatch and DeathWatchNotification in the direction remote DeathWatch uses them, and the heartbeats
/// reach /system/remote-watcher, so watching works both ways.
/// </summary>
public sealed class PeerWatchingTheDirectorySpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    [Fact]
    public async Task A_peer_watching_the_gate_and_its_PeerLink_gets_no_false_Terminated_and_true_ones_when_they_stop()
    {
        var alice = await RegisterByHandAsync("alice");
        var watcher = CreateTestProbe(alice.System);

        watcher.Watch(alice.Gate);
        watcher.Watch(alice.Link);

        // Longer than acceptable-heartbeat-pause (10 s) plus the first-heartbeat grace: a watch
        // whose heartbeats went unanswered would have reported the gate or the link dead by now.
        await watcher.ExpectNoMsgAsync(TimeSpan.FromSeconds(30));
        // The other direction held too: the link watching alice's probe saw no false Terminated, so
        // she is still registered and her link was not stopped.
        alice.Probe.HasMessages.Should().BeFalse();
        (await WhoAsync(alice)).Should().Equal("alice");

        // True ones: the link stops when its peer unregisters, the gate when the operator stops it.
        alice.Probe.Send(alice.Link, Unregister.Instance);
        var linkGone = await watcher.ExpectTerminatedAsync(alice.Link, TimeSpan.FromSeconds(10));
        linkGone.AddressTerminated.Should().BeFalse("the directory said so itself; its node is still up");
        Sys.Stop(Gate);
        var gateGone = await watcher.ExpectTerminatedAsync(alice.Gate, TimeSpan.FromSeconds(10));
        gateGone.AddressTerminated.Should().BeFalse();
    }
}

public sealed class DirectoryWatchingAPeerSpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    [Fact]
    public async Task The_directory_forgets_a_peer_whose_node_shuts_down_and_logs_it_as_DeathWatch()
    {
        var alice = await RegisterByHandAsync("alice");
        var bob = await StartHonestPeerAsync("bob");
        (await WhoAsync(alice)).Should().Equal("alice", "bob");
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(Info));

        // No Unregister: the node just goes (the Host's CoordinatedShutdown task is not installed here).
        await bob.System.Terminate();

        var died = await logs.FishForMessageAsync<Info>(
            i => i.Message.ToString()!.Equals("peer bob terminated (DeathWatch)"), TimeSpan.FromSeconds(20));
        died.LogSource.Should().Contain("/user/peers/bob-");
        // The link tells the registry after logging; the registry logs once the entry is gone.
        await logs.FishForMessageAsync<Info>(
            i => i.Message.ToString()!.StartsWith("registry: bob offline"), TimeSpan.FromSeconds(5));
        (await WhoAsync(alice)).Should().Equal("alice");
        alice.Probe.HasMessages.Should().BeFalse();
    }
}
