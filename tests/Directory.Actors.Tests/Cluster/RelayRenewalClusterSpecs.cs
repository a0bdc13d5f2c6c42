using Akka.Actor;
using Akka.Cluster.Sharding;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Directory.Cluster;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>
/// Fresh relay tokens (wire 1.6) on a directory cluster: the two members of a pair whose relay died
/// often register again at two different nodes; their requests meet at the pair's sharded meeting
/// point, the meeting node's relay learns the token, and each member hears of it from its own link.
/// </summary>
public sealed class RelayRenewalClusterSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");

    [Fact]
    public async Task Members_registered_at_two_nodes_asking_for_each_other_get_one_token_and_the_meeting_nodes_relay_splices_them()
    {
        var nodes = await FormAsync(3, withRelay: true);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        var conversation = ConversationId.New();

        alice.Send(aliceLink, new RequestRelay(conversation, Bob));
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        var asked = System.Diagnostics.Stopwatch.StartNew();
        bob.Send(bobLink, new RequestRelay(conversation, Alice));

        var toAlice = await alice.ExpectMsgAsync<RelayRenewed>(Patience);
        alice.LastSender.Should().Be(aliceLink, "alice hears it from her own link, whatever node matched the pair");
        var toBob = await bob.ExpectMsgAsync<RelayRenewed>(Patience);
        output.WriteLine($"both members told {asked.ElapsedMilliseconds} ms after the second request");
        bob.LastSender.Should().Be(bobLink);
        toAlice.Peer.Should().Be(Bob);
        toBob.Peer.Should().Be(Alice);
        toAlice.Conversation.Should().Be(conversation);
        toBob.Conversation.Should().Be(conversation);
        toAlice.Relay.Should().Be(toBob.Relay, "one token, one relay, for both");
        nodes.Select(n => n.Relay!.Endpoint).Should().Contain(toAlice.Relay.Endpoint);

        await SplicedAsync(toAlice.Relay);
    }

    [Fact]
    public async Task A_request_made_before_the_other_member_registered_again_meets_it_at_another_node()
    {
        var nodes = await FormAsync(3, withRelay: true);
        var conversation = ConversationId.New();
        var (alice, aliceLink) = await RegisterAsync(nodes[1], "alice");
        alice.Send(aliceLink, new RequestRelay(conversation, Bob));
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));

        // bob comes back after alice asked, at another node (as after a node's death), and asks too.
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        bob.Send(bobLink, new RequestRelay(conversation, Alice));

        var toAlice = await alice.ExpectMsgAsync<RelayRenewed>(Patience);
        var toBob = await bob.ExpectMsgAsync<RelayRenewed>(Patience);
        toAlice.Relay.Should().Be(toBob.Relay);
        await SplicedAsync(toAlice.Relay);
    }

    [Fact]
    public async Task A_uid_cannot_get_a_relay_token_for_a_pair_it_is_not_part_of_across_nodes()
    {
        var nodes = await FormAsync(3, withRelay: true);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (mallory, malloryLink) = await RegisterAsync(nodes[1], "mallory");
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        var conversation = ConversationId.New();

        // mallory, at a third node and knowing the conversation id, asks for both members in it.
        mallory.Send(malloryLink, new RequestRelay(conversation, Alice));
        mallory.Send(malloryLink, new RequestRelay(conversation, Bob));
        alice.Send(aliceLink, new RequestRelay(conversation, Bob));
        bob.Send(bobLink, new RequestRelay(conversation, Alice));

        var toAlice = await alice.ExpectMsgAsync<RelayRenewed>(Patience);
        var toBob = await bob.ExpectMsgAsync<RelayRenewed>(Patience);
        toAlice.Peer.Should().Be(Bob);
        toBob.Peer.Should().Be(Alice);
        toAlice.Relay.Should().Be(toBob.Relay);
        await mallory.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await bob.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        // The token is bound to alice and bob at the relay: mallory holding it gets nowhere.
        using (var stolen = await DialAsync("mallory", toAlice.Relay))
        {
            stolen.IsSpliced.Should().BeFalse();
            stolen.Answer!.Code.Should().Be(RelayRefusal.TokenNotYours);
        }
        await SplicedAsync(toAlice.Relay);
    }

    [Fact]
    public async Task Requests_sent_while_the_meeting_points_node_is_dead_still_meet_once_that_node_is_removed()
    {
        var nodes = await FormAsync(3, withRelay: true);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[2], "bob");
        // A conversation whose meeting point Sharding put on B, where neither member is registered.
        ConversationId? onB = null;
        for (var i = 0; i < 40 && onB is null; i++)
        {
            var conversation = ConversationId.New();
            alice.Send(aliceLink, new RequestRelay(conversation, Bob));
            var at = -1;
            await AwaitAssertAsync(async () =>
            {
                for (var n = 0; n < nodes.Count; n++)
                    if ((await RenewalEntitiesOn(nodes[n])).Any(e => e.StartsWith(conversation.ToString(), StringComparison.Ordinal))) at = n;
                at.Should().BeGreaterThanOrEqualTo(0);
            }, Patience, TimeSpan.FromMilliseconds(50));
            if (at == 1) onB = conversation;
        }
        onB.Should().NotBeNull("some pair's meeting point lands on B");

        // B dies with alice's request; bob's and alice's next ones go out before B is removed.
        var gone = nodes[1].ClusterAddress;
        await nodes[1].StopAsync();
        bob.Send(bobLink, new RequestRelay(onB!, Alice));
        alice.Send(aliceLink, new RequestRelay(onB, Bob));
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));
        Akka.Cluster.Cluster.Get(nodes[0].Inner).Down(gone);

        var toAlice = await alice.ExpectMsgAsync<RelayRenewed>(TimeSpan.FromSeconds(20));
        var toBob = await bob.ExpectMsgAsync<RelayRenewed>(TimeSpan.FromSeconds(20));
        toAlice.Relay.Should().Be(toBob.Relay);
        await SplicedAsync(toAlice.Relay);
    }

    private static async Task<IReadOnlySet<string>> RenewalEntitiesOn(ClusterNode node)
    {
        var region = ClusterSharding.Get(node.Inner).ShardRegion(DirectoryCluster.RenewalTypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }

    [Fact]
    public async Task A_pair_whose_requests_meet_at_a_node_without_a_relay_is_refused_no_relay_not_left_unanswered()
    {
        var nodes = await FormAsync(2);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        var conversation = ConversationId.New();

        alice.Send(aliceLink, new RequestRelay(conversation, Bob));
        bob.Send(bobLink, new RequestRelay(conversation, Alice));

        (await alice.ExpectMsgAsync<CommandRefused>(Patience)).Code.Should().Be(RefusalCode.NoRelay);
        (await bob.ExpectMsgAsync<CommandRefused>(Patience)).Code.Should().Be(RefusalCode.NoRelay);
    }

    private static Task<RelayDial.Outcome> DialAsync(string uid, RelayOffer offer) =>
        RelayDial.ConnectAsync(offer.Endpoint, Pkis.Encryptio.UserCertificate(uid), Pkis.Encryptio.Trust,
            offer.Token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);

    /// <summary>alice and bob present the offer's token at its relay, are spliced, and bytes cross both ways.</summary>
    private static async Task SplicedAsync(RelayOffer offer)
    {
        var dialing = DialAsync("alice", offer);
        using var b = await DialAsync("bob", offer);
        using var a = await dialing;
        a.IsSpliced.Should().BeTrue(a.Failure);
        b.IsSpliced.Should().BeTrue(b.Failure);
        byte[] toBob = [1, 2, 3, 4, 5], toAlice = [9, 8, 7];
        await a.Tls!.WriteAsync(toBob);
        await a.Tls!.FlushAsync();
        await b.Tls!.WriteAsync(toAlice);
        await b.Tls!.FlushAsync();
        (await ReadAsync(b, toBob.Length)).Should().Equal(toBob);
        (await ReadAsync(a, toAlice.Length)).Should().Equal(toAlice);
    }

    private static async Task<byte[]> ReadAsync(RelayDial.Outcome end, int count)
    {
        var buffer = new byte[count];
        var have = Math.Min(end.Leftover.Length, count);
        end.Leftover.AsSpan(0, have).CopyTo(buffer);
        await end.Tls!.ReadExactlyAsync(buffer.AsMemory(have)).AsTask().WaitAsync(Patience);
        return buffer;
    }
}
