using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.TestKit;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// A peer with a valid certificate that sends the directory everything Akka.Remote would carry:
/// Kill and PoisonPill, raw system messages (serializer 22), to the ref it was given and to refs it
/// made up. Nothing may stop, restart or freeze, and honest peers must still get through.
/// </summary>
public sealed class HostilePeerSpecs : RemotingSpec
{
    private readonly TestProbe _reports;
    private readonly Counter _gateIncarnations = new();
    private readonly Counter _registryIncarnations = new();
    private readonly IActorRef _gate;
    private readonly IActorRef _registry;

    public HostilePeerSpecs(ITestOutputHelper output) : base(output)
    {
        _reports = CreateTestProbe();
        _registry = Sys.ActorOf(StandInActor.Props(_reports.Ref, _registryIncarnations, withChild: false), "registry");
        _gate = Sys.ActorOf(StandInActor.Props(_reports.Ref, _gateIncarnations, watch: _registry), "directory");
        _reports.ReceiveN(3); // started: registry, directory/child, directory
    }

    [Fact]
    public async Task Lifecycle_messages_from_a_peer_stop_restart_or_freeze_nothing_and_the_next_peer_gets_through()
    {
        var mallory = StartPeer("mallory");
        var gate = (IInternalActorRef)await IdentifyAsync(mallory, DirectoryAddress, "/user/directory");
        var registry = RemoteNodes.Forge(mallory, DirectoryAddress, "/user/registry");
        var child = RemoteNodes.Forge(mallory, DirectoryAddress, "/user/directory/child");
        var userGuardian = RemoteNodes.Forge(mallory, DirectoryAddress, "/user");
        var bystander = (IInternalActorRef)mallory.ActorOf(Props.Empty, "bystander");

        foreach (var target in new[] { gate, registry, child })
        {
            target.Tell(Kill.Instance);
            target.SendSystemMessage(new Suspend());
            target.SendSystemMessage(new Recreate(new Exception("forged")));
            target.SendSystemMessage(new Terminate());
            target.Tell(PoisonPill.Instance);
        }
        // Through the trusted selection path too: Kill is not IPossiblyHarmful, so untrusted mode alone lets it in.
        mallory.ActorSelection($"{DirectoryAddress}/user/directory").Tell(Kill.Instance);
        // Make the gate believe the registry died, and make it watch one of mallory's actors
        // (when that one stops, an actor that does not expect Terminated dies of a DeathPact).
        gate.SendSystemMessage(new DeathWatchNotification(registry, existenceConfirmed: true, addressTerminated: false));
        gate.SendSystemMessage(new Watch(bystander, gate));
        // Tell the user guardian that the gate failed: its strategy would restart it.
        userGuardian.SendSystemMessage(new Failed(gate, new Exception("forged failure"), gate.Path.Uid));
        (await bystander.GracefulStop(TimeSpan.FromSeconds(5))).Should().BeTrue();

        // Same association, same order: once these answer, every message above has been handled.
        (await IdentifyDirectlyAsync(mallory, gate)).Should().Be(gate, "a suspended or stopped gate answers nothing");
        (await IdentifyDirectlyAsync(mallory, registry)).Path.Should().Be(registry.Path);
        (await IdentifyDirectlyAsync(mallory, child)).Path.Should().Be(child.Path);

        (await _gate.Ask<Pong>(new Ping(), RemainingOrDefault)).Should().Be(new Pong("/user/directory", 1, 1));
        (await _registry.Ask<Pong>(new Ping(), RemainingOrDefault)).Should().Be(new Pong("/user/registry", 1, 0));
        await _reports.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500)); // no restart, stop, Terminated or marker reached an actor
        _gateIncarnations.Value.Should().Be(1);
        _registryIncarnations.Value.Should().Be(1);

        var bob = StartPeer("bob");
        var bobsGate = await IdentifyAsync(bob, DirectoryAddress, "/user/directory");
        var bobsClient = CreateTestProbe(bob);
        bobsGate.Tell(Who.Instance, bobsClient.Ref);
        var received = await _reports.ExpectMsgAsync<Received>(TimeSpan.FromSeconds(5));
        received.Message.Should().BeOfType<Who>();
        received.Sender.Path.Address.Should().Be(RemoteNodes.AddressOf(bob));
    }

    /// <summary>Identify sent to the ref itself, not through a selection, so untrusted mode lets it through to any path.</summary>
    private async Task<IActorRef> IdentifyDirectlyAsync(ActorSystem from, IActorRef target)
    {
        var probe = CreateTestProbe(from);
        target.Tell(new Identify(target.Path.ToString()), probe.Ref);
        var identity = await probe.ExpectMsgAsync<ActorIdentity>(TimeSpan.FromSeconds(5));
        identity.Subject.Should().NotBeNull($"{target.Path} should still be alive and answering");
        return identity.Subject!;
    }
}
