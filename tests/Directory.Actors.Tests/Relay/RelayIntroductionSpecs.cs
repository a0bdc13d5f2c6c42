using System.Collections.Immutable;
using Encryptio.Directory.Relay;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests.Relay;

public sealed class RelayIntroductionSpecs(ITestOutputHelper output) : DirectorySpec(output, withRelay: true)
{
    private async Task<(Introduction ToAlice, Introduction ToBob, IssueRelayToken Issued)> IntroduceAsync(TestPeer alice, TestPeer bob)
    {
        alice.Say(new Propose([bob.Uid]));
        var conversation = (await alice.Probe.ExpectMsgAsync<Proposed>()).Conversation;
        await bob.Probe.ExpectMsgAsync<ProposalReceived>();
        bob.Say(new AcceptProposal(conversation));
        var issued = await RelayProbe.ExpectMsgAsync<IssueRelayToken>();
        return (await alice.Probe.ExpectMsgAsync<Introduction>(), await bob.Probe.ExpectMsgAsync<Introduction>(), issued);
    }

    [Fact]
    public async Task Both_members_of_a_pair_get_the_same_fresh_token_and_the_relay_learns_it_for_exactly_those_two()
    {
        var (toAlice, toBob, issued) = await IntroduceAsync(await OnlineAsync("alice"), await OnlineAsync("bob"));

        toAlice.Relay.Should().NotBeNull();
        toAlice.Relay!.Endpoint.Should().Be(RelayEndpoint);
        toAlice.Relay.Should().Be(toBob.Relay);
        toAlice.Relay.Token.Length.Should().Be(16);
        issued.Token.SequenceEqual(toAlice.Relay.Token).Should().BeTrue();
        new[] { issued.A.Value, issued.B.Value }.Should().Equal("alice", "bob");
        toAlice.PeerEndpoint.Should().Be(EndpointOf("bob"), "neither asked for relay-only: fallback keeps the direct path");
    }

    [Fact]
    public async Task A_pair_with_a_relay_only_member_learns_neither_address()
    {
        var relayOnly = new PeerEndpoint(RelayOffer.RelayOnlyHost, 1);
        var (toAlice, toBob, _) = await IntroduceAsync(await OnlineAsync("alice", relayOnly), await OnlineAsync("bob"));

        toAlice.PeerEndpoint.Should().BeNull();
        toBob.PeerEndpoint.Should().BeNull("alice asked for it, so bob must not learn her address, nor she his");
        toBob.Relay.Should().NotBeNull();
    }

    [Fact]
    public async Task Every_pair_of_a_group_gets_a_token_of_its_own()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        alice.Say(new Propose([bob.Uid, carol.Uid]));
        var conversation = (await alice.Probe.ExpectMsgAsync<Proposed>()).Conversation;
        bob.Say(new AcceptProposal(conversation));
        carol.Say(new AcceptProposal(conversation));

        var tokens = new[] { await RelayProbe.ExpectMsgAsync<IssueRelayToken>(), await RelayProbe.ExpectMsgAsync<IssueRelayToken>(), await RelayProbe.ExpectMsgAsync<IssueRelayToken>() };

        tokens.Select(t => $"{t.A}-{t.B}").Should().BeEquivalentTo("alice-bob", "alice-carol", "bob-carol");
        tokens.Select(t => Convert.ToHexString(t.Token.AsSpan())).Distinct().Should().HaveCount(3);
    }
}
