using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Encryptio.Directory.Cluster;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>One registry across three directory nodes: Cluster Sharding (one entity per online UID) and Distributed Data for `who`.</summary>
public sealed class ClusterRegistrySpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    [Fact]
    public async Task A_registration_on_one_node_is_seen_by_who_on_the_others()
    {
        var nodes = await FormAsync(3);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        var (carol, carolLink) = await RegisterAsync(nodes[2], "carol");

        await WhoShouldBecome(alice, aliceLink, "alice", "bob", "carol");
        await WhoShouldBecome(bob, bobLink, "alice", "bob", "carol");
        await WhoShouldBecome(carol, carolLink, "alice", "bob", "carol");
    }

    [Fact]
    public async Task The_same_uid_registered_on_two_nodes_ends_with_one_registration_the_first_superseded()
    {
        var nodes = await FormAsync(3);
        var (first, firstLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        await WhoShouldBecome(bob, bobLink, "alice", "bob");

        var (second, secondLink) = await RegisterAsync(nodes[2], "alice");

        (await first.ExpectMsgAsync<Superseded>(TimeSpan.FromSeconds(10))).Uid.Value.Should().Be("alice");
        first.Watch(firstLink);
        await first.ExpectTerminatedAsync(firstLink);
        await WhoShouldBecome(bob, bobLink, "alice", "bob");
        await WhoShouldBecome(second, secondLink, "alice", "bob");
        await second.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_node_removed_takes_its_registrations_with_it_and_the_rest_serve()
    {
        var nodes = await FormAsync(3);
        await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        var (carol, carolLink) = await RegisterAsync(nodes[2], "carol");
        await WhoShouldBecome(bob, bobLink, "alice", "bob", "carol");

        var gone = nodes[0].ClusterAddress;
        await nodes[0].StopAsync();
        Akka.Cluster.Cluster.Get(nodes[1].Inner).Down(gone);

        await WhoShouldBecome(bob, bobLink, "bob", "carol");
        await WhoShouldBecome(carol, carolLink, "bob", "carol");
        // The rest serve: a newcomer registers, a UID superseded across the survivors ends with one.
        var (dave, daveLink) = await RegisterAsync(nodes[2], "dave");
        await WhoShouldBecome(dave, daveLink, "bob", "carol", "dave");
        var (bobAgain, bobAgainLink) = await RegisterAsync(nodes[2], "bob");
        (await bob.ExpectMsgAsync<Superseded>(TimeSpan.FromSeconds(10))).Uid.Value.Should().Be("bob");
        await WhoShouldBecome(bobAgain, bobAgainLink, "bob", "carol", "dave");
    }

    [Fact]
    public async Task A_registration_whose_entity_died_with_another_node_is_still_superseded_by_a_later_one()
    {
        var nodes = await FormAsync(3);
        // Registered on B; Sharding spreads the UIDs' entities, some onto A.
        var onB = new Dictionary<string, TestProbe>();
        for (var i = 0; i < 12; i++) onB[$"user{i}"] = (await RegisterAsync(nodes[1], $"user{i}")).Peer;
        string? victim = null;
        await AwaitAssertAsync(async () =>
        {
            victim = (await EntitiesOn(nodes[0])).FirstOrDefault(onB.ContainsKey);
            victim.Should().NotBeNull("twelve UIDs over three nodes put some entity on each");
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));

        var gone = nodes[0].ClusterAddress;
        await nodes[0].StopAsync();
        Akka.Cluster.Cluster.Get(nodes[1].Inner).Down(gone);
        await AwaitAssertAsync(() => Akka.Cluster.Cluster.Get(nodes[2].Inner).State.Members.Should().HaveCount(2), TimeSpan.FromSeconds(10));

        // B re-asserts its registrations to the rebuilt entities, so C's later one still supersedes.
        var (again, againLink) = await RegisterAsync(nodes[2], victim!);
        (await onB[victim!].ExpectMsgAsync<Superseded>(TimeSpan.FromSeconds(10))).Uid.Value.Should().Be(victim);
        (await WhoAsync(again, againLink)).Should().Contain(victim!).And.HaveCount(onB.Count);
    }

    [Fact]
    public async Task The_same_uid_registered_twice_on_one_cluster_node_ends_with_one_registration()
    {
        var nodes = await FormAsync(1);
        var (first, firstLink) = await RegisterAsync(nodes[0], "alice");
        var (second, secondLink) = await RegisterAsync(nodes[0], "alice");

        (await first.ExpectMsgAsync<Superseded>(TimeSpan.FromSeconds(10))).Uid.Value.Should().Be("alice");
        await WhoShouldBecome(second, secondLink, "alice");
    }

    [Fact]
    public async Task A_proposal_made_on_one_node_is_accepted_on_another_and_both_are_introduced()
    {
        var nodes = await FormAsync(3);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        await WhoShouldBecome(alice, aliceLink, "alice", "bob");

        alice.Send(aliceLink, new Propose([Uid.Parse("bob")]));
        var proposed = await alice.ExpectMsgAsync<Proposed>(TimeSpan.FromSeconds(10));
        var received = await bob.ExpectMsgAsync<ProposalReceived>(TimeSpan.FromSeconds(10));
        received.Conversation.Should().Be(proposed.Conversation);
        received.From.Value.Should().Be("alice");
        bob.LastSender.Should().Be(bobLink, "bob hears every directory message from his own link, whatever node holds the proposal");

        bob.Send(bobLink, new AcceptProposal(proposed.Conversation));

        var toAlice = await alice.ExpectMsgAsync<Introduction>(TimeSpan.FromSeconds(10));
        var toBob = await bob.ExpectMsgAsync<Introduction>(TimeSpan.FromSeconds(10));
        toAlice.Peer.Value.Should().Be("bob");
        toAlice.PeerEndpoint.Should().Be(ClusterNodes.RegisterAs("bob").P2P);
        toAlice.Dialer.Should().BeTrue("alice sorts first");
        toBob.Peer.Value.Should().Be("alice");
        toBob.Dialer.Should().BeFalse();
    }

    [Fact]
    public async Task A_member_watching_another_is_told_when_it_registers_again_at_another_node()
    {
        var nodes = await FormAsync(3);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        await WhoShouldBecome(alice, aliceLink, "alice", "bob");
        alice.Send(aliceLink, new Propose([Uid.Parse("bob")]));
        var conversation = (await alice.ExpectMsgAsync<Proposed>(TimeSpan.FromSeconds(10))).Conversation;
        await bob.ExpectMsgAsync<ProposalReceived>(TimeSpan.FromSeconds(10));
        bob.Send(bobLink, new AcceptProposal(conversation));
        await alice.ExpectMsgAsync<Introduction>(TimeSpan.FromSeconds(10));

        alice.Send(aliceLink, new WatchPresence(conversation, Uid.Parse("bob")));
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        await RegisterAsync(nodes[1], "bob");

        (await alice.ExpectMsgAsync<PeerOnline>(TimeSpan.FromSeconds(10))).Peer.Value.Should().Be("bob");
        alice.LastSender.Should().Be(aliceLink);
    }

    [Fact]
    public async Task A_member_on_another_node_going_offline_declines_the_pending_proposal()
    {
        var nodes = await FormAsync(2);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        await WhoShouldBecome(alice, aliceLink, "alice", "bob");
        alice.Send(aliceLink, new Propose([Uid.Parse("bob")]));
        await alice.ExpectMsgAsync<Proposed>(TimeSpan.FromSeconds(10));
        await bob.ExpectMsgAsync<ProposalReceived>(TimeSpan.FromSeconds(10));

        bob.Send(bobLink, Unregister.Instance);

        var declined = await alice.ExpectMsgAsync<ProposalDeclined>(TimeSpan.FromSeconds(5));
        declined.By.Value.Should().Be("bob");
        declined.Reason.Should().Be("went offline");
    }

    [Fact]
    public async Task An_answer_to_a_proposal_no_node_holds_is_refused_and_an_offline_member_is_named()
    {
        var nodes = await FormAsync(2);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        await WhoShouldBecome(alice, aliceLink, "alice", "bob");

        bob.Send(bobLink, new AcceptProposal(ConversationId.New()));
        (await bob.ExpectMsgAsync<CommandRefused>(TimeSpan.FromSeconds(5))).Reason.Should().StartWith("no pending proposal");
        alice.Send(aliceLink, new Propose([Uid.Parse("bob"), Uid.Parse("nobody")]));
        (await alice.ExpectMsgAsync<CommandRefused>(TimeSpan.FromSeconds(5))).Reason.Should().Be("not online: nobody");
    }

    private static async Task<IReadOnlySet<string>> EntitiesOn(ClusterNode node)
    {
        var region = ClusterSharding.Get(node.Inner).ShardRegion(DirectoryCluster.UidTypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }
}
