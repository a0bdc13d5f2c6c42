using Encryptio.Directory.Relay;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests.Relay;

/// <summary>Fresh relay tokens (wire 1.6): a relayed pair whose link was lost asks again, and only that pair gets one.</summary>
public sealed class RelayRenewalSpecs(ITestOutputHelper output) : DirectorySpec(output, withRelay: true)
{
    private static readonly ConversationId Conversation = ConversationId.New();

    [Fact]
    public async Task Both_members_asking_for_each_other_get_one_fresh_token_the_relay_learns_first()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");

        alice.Say(new RequestRelay(Conversation, bob.Uid));
        await alice.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        bob.Say(new RequestRelay(Conversation, alice.Uid));

        var issued = await RelayProbe.ExpectMsgAsync<IssueRelayToken>();
        var toAlice = await alice.Probe.ExpectMsgAsync<RelayRenewed>();
        var toBob = await bob.Probe.ExpectMsgAsync<RelayRenewed>();
        toAlice.Peer.Should().Be(bob.Uid);
        toBob.Peer.Should().Be(alice.Uid);
        toAlice.Conversation.Should().Be(Conversation);
        toAlice.Relay.Should().Be(toBob.Relay);
        toAlice.Relay.Endpoint.Should().Be(RelayEndpoint);
        issued.Token.SequenceEqual(toAlice.Relay.Token).Should().BeTrue();
        new[] { issued.A, issued.B }.Should().BeEquivalentTo([alice.Uid, bob.Uid]);
    }

    [Fact]
    public async Task A_uid_cannot_get_a_relay_token_for_a_pair_it_is_not_part_of()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var mallory = await OnlineAsync("mallory");

        // alice and bob's relayed link is lost: they ask for each other. mallory, who knows the
        // conversation id, asks for both of them in it.
        mallory.Say(new RequestRelay(Conversation, alice.Uid));
        mallory.Say(new RequestRelay(Conversation, bob.Uid));
        alice.Say(new RequestRelay(Conversation, bob.Uid));
        bob.Say(new RequestRelay(Conversation, alice.Uid));

        var issued = await RelayProbe.ExpectMsgAsync<IssueRelayToken>();
        new[] { issued.A, issued.B }.Should().BeEquivalentTo([alice.Uid, bob.Uid], "the one token made is bound to alice and bob only");
        await RelayProbe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        (await alice.Probe.ExpectMsgAsync<RelayRenewed>()).Peer.Should().Be(bob.Uid);
        (await bob.Probe.ExpectMsgAsync<RelayRenewed>()).Peer.Should().Be(alice.Uid);
        await mallory.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }
}

/// <summary>A node that runs no relay answers a request for a fresh token, rather than leaving it unanswered.</summary>
public sealed class NoRelayRenewalSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    [Fact]
    public async Task A_fresh_relay_token_asked_of_a_node_without_a_relay_is_refused_with_no_relay()
    {
        var alice = await OnlineAsync("alice");

        alice.Say(new RequestRelay(ConversationId.New(), Uid.Parse("bob")));

        var refused = await alice.Probe.ExpectMsgAsync<CommandRefused>();
        refused.Command.Should().Be(DirectoryCommand.Relay);
        refused.Code.Should().Be(RefusalCode.NoRelay);
    }
}
