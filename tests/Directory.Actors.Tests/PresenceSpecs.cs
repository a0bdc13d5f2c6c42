using Akka.Actor;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

public sealed class PresenceSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    [Fact]
    public async Task Who_lists_every_registered_peer_in_ordinal_order()
    {
        var carol = await OnlineAsync("carol");
        await OnlineAsync("alice");
        await OnlineAsync("bob");

        (await WhoAsync(carol)).Should().Equal("alice", "bob", "carol");
    }

    [Fact]
    public async Task A_peer_whose_actor_terminates_is_forgotten_through_DeathWatch()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");

        await EventFilter.Info(contains: "peer bob terminated (DeathWatch)").ExpectOneAsync(() =>
        {
            Sys.Stop(bob.Probe.Ref);
            return Task.CompletedTask;
        });

        await AwaitAssertAsync(() => ShouldSeeOnlineExactly(alice, "alice"));
    }

    [Fact]
    public async Task Unregister_takes_the_peer_offline_and_stops_its_link()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        Watch(bob.Link);

        bob.Say(Unregister.Instance);

        await ExpectTerminatedAsync(bob.Link);
        await ShouldSeeOnlineExactly(alice, "alice");
    }

    [Fact]
    public async Task A_second_valid_registration_supersedes_the_first()
    {
        var first = await OnlineAsync("alice");
        Watch(first.Link);

        var second = await OnlineAsync("alice");

        (await first.Probe.ExpectMsgAsync<Superseded>()).Uid.Value.Should().Be("alice");
        first.Probe.LastSender.Should().Be(first.Link);
        await ExpectTerminatedAsync(first.Link);
        await ShouldSeeOnlineExactly(second, "alice");
    }

    [Fact]
    public async Task The_superseded_peer_terminating_later_does_not_take_the_new_registration_offline()
    {
        var first = await OnlineAsync("alice");
        var second = await OnlineAsync("alice");
        await first.Probe.ExpectMsgAsync<Superseded>();

        Sys.Stop(first.Probe.Ref);

        await second.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await ShouldSeeOnlineExactly(second, "alice");
    }

    [Fact]
    public async Task A_link_speaks_only_for_its_own_peer()
    {
        var alice = await OnlineAsync("alice");
        var mallory = CreateTestProbe();

        mallory.Send(alice.Link, Unregister.Instance);

        var refused = await mallory.ExpectMsgAsync<CommandRefused>();
        refused.Code.Should().Be(RefusalCode.LinkOfAnotherPeer);
        refused.Reason.Should().Contain("belongs to another peer");
        await ShouldSeeOnlineExactly(alice, "alice");
    }

    [Fact]
    public async Task Killing_the_gate_loses_nothing_and_it_keeps_serving()
    {
        var alice = await OnlineAsync("alice");

        await EventFilter.Warning(contains: "decision Resume").ExpectOneAsync(() =>
        {
            Gate.Tell(Kill.Instance);
            return Task.CompletedTask;
        });

        await OnlineAsync("bob");
        await ShouldSeeOnlineExactly(alice, "alice", "bob");
    }

    [Fact]
    public async Task A_forged_Kill_of_the_registry_keeps_everyone_online()
    {
        var alice = await OnlineAsync("alice");
        await OnlineAsync("bob");
        var registry = await Sys.ActorSelection("/user/registry").ResolveOne(TimeSpan.FromSeconds(3));

        registry.Tell(Kill.Instance);

        await ShouldSeeOnlineExactly(alice, "alice", "bob");
    }

    [Fact]
    public async Task Killing_one_peer_link_takes_only_that_peer_offline()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        Watch(bob.Link);

        await EventFilter.Error(contains: "decision Stop").ExpectOneAsync(() =>
        {
            bob.Link.Tell(Kill.Instance);
            return Task.CompletedTask;
        });

        await ExpectTerminatedAsync(bob.Link);
        await AwaitAssertAsync(() => ShouldSeeOnlineExactly(alice, "alice"));
    }
}
