using System.Diagnostics;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>
/// A node dies; its users re-register at the others before the split brain resolver downs it (7 s and
/// more in production). Proposals to them must neither wait on the dead node nor fail for longer than
/// the online index takes to learn where they went.
/// </summary>
public sealed class FailoverProposalSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task A_user_who_moved_away_from_a_dead_node_not_yet_downed_can_be_proposed_to_and_no_answer_waits_on_the_dead_node()
    {
        // The dead node stays unreachable, not downed, for the whole spec.
        var nodes = await FormAsync(3, overrides: "akka.cluster.split-brain-resolver.stable-after = 60s");
        await RegisterAsync(nodes[0], "alice");
        var (bob, bobLink) = await RegisterAsync(nodes[1], "bob");
        await WhoShouldBecome(bob, bobLink, "alice", "bob");
        var dead = nodes[0].ClusterAddress;
        await nodes[0].StopAsync();
        await AwaitAssertAsync(() => Akka.Cluster.Cluster.Get(nodes[1].Inner).State.Unreachable.Select(m => m.Address).Should().Contain(dead),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        var (alice, _) = await RegisterAsync(nodes[2], "alice");
        var clock = Stopwatch.StartNew();
        IDirectoryMessage answer;
        do
        {
            bob.Send(bobLink, new Propose([Uid.Parse("alice")]));
            // The index may still place alice at the dead node for a gossip interval: refused at once then.
            answer = await bob.ExpectMsgAsync<IDirectoryMessage>(TimeSpan.FromSeconds(1));
            _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s: {answer}");
            if (answer is not CommandRefused { Code.Name: "not-online" }) break;
            // Polling, not synchronisation: the index is eventually consistent (and Propose is rate limited, 5/s).
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        } while (clock.Elapsed < TimeSpan.FromSeconds(5));

        answer.Should().BeOfType<Proposed>();
        await alice.ExpectMsgAsync<ProposalReceived>(TimeSpan.FromSeconds(5));
        Akka.Cluster.Cluster.Get(nodes[1].Inner).State.Members.Select(m => m.Address).Should().Contain(dead, "the dead node was not downed meanwhile");
    }
}
