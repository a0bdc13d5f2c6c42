using System.Collections.Immutable;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

/// <summary>
/// A member who came back with no memory of a conversation (issue 14, "program restarted"): the
/// directory tells only the members it introduced to it that it is online again, and lets only them
/// propose that conversation id to it again.
/// </summary>
public sealed class RejoinSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    private static Propose ProposeTo(params TestPeer[] members) => new(members.Select(m => m.Uid).ToImmutableArray());

    /// Alice proposes, everyone else accepts, and every introduction is taken off the probes.
    private static async Task<ConversationId> IntroducedAsync(TestPeer initiator, params TestPeer[] members)
    {
        initiator.Say(ProposeTo(members));
        var conversation = (await initiator.Probe.ExpectMsgAsync<Proposed>()).Conversation;
        foreach (var member in members) await member.Probe.ExpectMsgAsync<ProposalReceived>();
        foreach (var member in members) member.Say(new AcceptProposal(conversation));
        foreach (var peer in members.Prepend(initiator))
            for (var i = 0; i < members.Length; i++)
                (await peer.Probe.ExpectMsgAsync<Introduction>()).Conversation.Should().Be(conversation);
        return conversation;
    }

    private static async Task<CommandRefused> RefusedAsync(TestPeer peer, DirectoryCommand command, RefusalCode code)
    {
        var refused = await peer.Probe.ExpectMsgAsync<CommandRefused>();
        refused.Command.Should().Be(command);
        refused.Code.Should().Be(code);
        return refused;
    }

    [Fact]
    public async Task A_member_watching_another_is_told_once_when_it_registers_again()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var conversation = await IntroducedAsync(alice, bob);

        alice.Say(new WatchPresence(conversation, bob.Uid));
        await alice.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await OnlineAsync("bob");

        (await alice.Probe.ExpectMsgAsync<PeerOnline>()).Peer.Should().Be(bob.Uid);
        alice.Probe.LastSender.Should().Be(alice.Link);
        await OnlineAsync("bob");
        await alice.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200)); // a watch is answered once
    }

    [Fact]
    public async Task A_UID_never_introduced_cannot_be_watched()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var mallory = await OnlineAsync("mallory");
        var conversation = await IntroducedAsync(alice, bob);

        // Mallory knows the conversation id (a member could have leaked it) but was never in it.
        mallory.Say(new WatchPresence(conversation, bob.Uid));

        (await RefusedAsync(mallory, DirectoryCommand.Watch, RefusalCode.NotIntroduced)).Reason.Should().Contain("never introduced");
        await OnlineAsync("bob");
        await mallory.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300)); // nobody learns when a stranger comes online
    }

    [Fact]
    public async Task A_member_proposes_its_conversation_again_under_the_same_id_and_the_returning_member_sees_what_waits()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var conversation = await IntroducedAsync(alice, bob);
        var back = await OnlineAsync("bob");

        alice.Say(ProposeTo(bob) with { Conversation = conversation, Waiting = 40 });

        var proposed = await alice.Probe.ExpectMsgAsync<Proposed>();
        proposed.Conversation.Should().Be(conversation);
        var received = await back.Probe.ExpectMsgAsync<ProposalReceived>();
        received.Conversation.Should().Be(conversation);
        received.From.Should().Be(alice.Uid);
        received.Waiting.Should().Be(40);
        back.Say(new AcceptProposal(conversation));
        (await alice.Probe.ExpectMsgAsync<Introduction>()).Peer.Should().Be(bob.Uid);
        (await back.Probe.ExpectMsgAsync<Introduction>()).Peer.Should().Be(alice.Uid);
    }

    [Fact]
    public async Task A_stranger_reusing_a_conversation_id_to_propose_itself_into_it_is_refused()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var mallory = await OnlineAsync("mallory");
        var conversation = await IntroducedAsync(alice, bob);

        mallory.Say(ProposeTo(bob) with { Conversation = conversation, Waiting = 1 });

        (await RefusedAsync(mallory, DirectoryCommand.Connect, RefusalCode.NotIntroduced)).Reason.Should().Contain("never introduced");
        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300)); // bob hears of no proposal under his conversation's id
    }

    [Fact]
    public async Task A_member_cannot_bring_a_stranger_into_its_conversation_by_reproposing_it()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        var conversation = await IntroducedAsync(alice, bob);

        alice.Say(ProposeTo(carol) with { Conversation = conversation });

        await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.NotIntroduced);
        await carol.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_second_reproposal_of_a_pending_id_is_refused()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var conversation = await IntroducedAsync(alice, bob);
        alice.Say(ProposeTo(bob) with { Conversation = conversation, Waiting = 1 });
        await alice.Probe.ExpectMsgAsync<Proposed>();

        alice.Say(ProposeTo(bob) with { Conversation = conversation, Waiting = 2 });

        await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.ConversationBusy);
    }
}
