using Akka.Actor;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// The wrappers keep Watch, Unwatch and DeathWatchNotification in the direction remote DeathWatch
/// uses them, and the heartbeats reach /system/remote-watcher, so watching works both ways.
/// </summary>
public sealed class PeerWatchingTheDirectorySpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    [Fact]
    public async Task A_peer_watching_the_directory_gets_no_false_Terminated_and_a_true_one_when_it_stops()
    {
        var gate = Sys.ActorOf(StandInActor.Props(CreateTestProbe().Ref, new Counter()), "directory");
        var alice = StartPeer("alice");
        var remoteGate = await IdentifyAsync(alice, DirectoryAddress, "/user/directory");
        var watcher = CreateTestProbe(alice);

        watcher.Watch(remoteGate);

        // Longer than acceptable-heartbeat-pause (10 s) plus the first-heartbeat grace: a watch
        // whose heartbeats went unanswered would have reported the gate dead by now.
        await watcher.ExpectNoMsgAsync(TimeSpan.FromSeconds(30));
        Sys.Stop(gate);
        var terminated = await watcher.ExpectTerminatedAsync(remoteGate, TimeSpan.FromSeconds(10));
        terminated.AddressTerminated.Should().BeFalse("the directory said so itself; its node is still up");
    }
}

public sealed class DirectoryWatchingAPeerSpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    [Fact]
    public async Task The_directory_watching_a_peer_actor_gets_Terminated_when_the_peer_node_shuts_down()
    {
        var reports = CreateTestProbe();
        Sys.ActorOf(StandInActor.Props(reports.Ref, new Counter(), withChild: false), "directory");
        reports.ExpectMsg<LifecycleEvent>();
        var bob = StartPeer("bob");
        var remoteGate = await IdentifyAsync(bob, DirectoryAddress, "/user/directory");
        remoteGate.Tell(Who.Instance, bob.ActorOf(Props.Empty, "client"));
        var client = (await reports.ExpectMsgAsync<Received>(TimeSpan.FromSeconds(5))).Sender;
        var watcher = CreateTestProbe();

        watcher.Watch(client);
        await AwaitWatchDeliveredAsync(client);
        await bob.Terminate();

        var terminated = await watcher.ExpectTerminatedAsync(client, TimeSpan.FromSeconds(20));
        terminated.AddressTerminated.Should().BeFalse(
            "bob's node reported the stop itself (Watch and DeathWatchNotification passed), not the failure detector");
    }

    /// <summary>
    /// The Watch leaves through the directory's RemoteWatcher; an Identify sent the same way after
    /// it and answered means the association carried it (a best effort, not a proof of order).
    /// </summary>
    private async Task AwaitWatchDeliveredAsync(IActorRef remote)
    {
        var probe = CreateTestProbe();
        remote.Tell(new Identify(null), probe.Ref);
        (await probe.ExpectMsgAsync<ActorIdentity>(TimeSpan.FromSeconds(5))).Subject.Should().Be(remote);
    }
}
