using System.Collections.Immutable;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

public sealed class ProposalSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    private static Propose ProposeTo(params string[] uids) => new(uids.Select(Uid.Parse).ToImmutableArray());

    private static async Task<ConversationId> ProposeAsync(TestPeer initiator, params TestPeer[] members)
    {
        initiator.Say(ProposeTo(members.Select(m => m.Uid.Value).ToArray()));
        var proposed = await initiator.Probe.ExpectMsgAsync<Proposed>();
        foreach (var member in members)
            (await member.Probe.ExpectMsgAsync<ProposalReceived>()).Conversation.Should().Be(proposed.Conversation);
        return proposed.Conversation;
    }

    private static async Task<CommandRefused> RefusedAsync(TestPeer peer, DirectoryCommand command, RefusalCode code)
    {
        var refused = await peer.Probe.ExpectMsgAsync<CommandRefused>();
        refused.Command.Should().Be(command);
        refused.Code.Should().Be(code);
        peer.Probe.LastSender.Should().Be(peer.Link, "every reply comes from the peer's own link");
        return refused;
    }

    [Fact]
    public async Task A_proposal_is_announced_to_every_member_with_the_initiators_certificate()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");

        alice.Say(ProposeTo("carol", "bob"));

        var proposed = await alice.Probe.ExpectMsgAsync<Proposed>();
        proposed.Members.Select(u => u.Value).Should().Equal("alice", "bob", "carol");
        foreach (var member in new[] { bob, carol })
        {
            var received = await member.Probe.ExpectMsgAsync<ProposalReceived>();
            member.Probe.LastSender.Should().Be(member.Link);
            received.Conversation.Should().Be(proposed.Conversation);
            received.From.Should().Be(alice.Uid);
            received.Members.Should().Equal(proposed.Members);
            received.FromCertificateDer.SequenceEqual(alice.CertificateDer).Should().BeTrue();
        }
    }

    [Fact]
    public async Task Each_proposal_draws_a_new_conversation_id()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");

        var first = await ProposeAsync(alice, bob);
        var second = await ProposeAsync(alice, bob);

        first.Should().NotBe(second);
    }

    [Fact]
    public async Task When_everyone_accepts_every_member_is_introduced_to_every_other_and_the_first_uid_dials()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        var everyone = new[] { alice, bob, carol };
        var conversation = await ProposeAsync(bob, alice, carol);

        alice.Say(new AcceptProposal(conversation));
        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        carol.Say(new AcceptProposal(conversation));

        foreach (var member in everyone)
        {
            var intros = new List<Introduction>
            {
                await member.Probe.ExpectMsgAsync<Introduction>(),
                await member.Probe.ExpectMsgAsync<Introduction>()
            };
            intros.Select(i => i.Peer).Should().BeEquivalentTo(everyone.Where(o => o != member).Select(o => o.Uid));
            foreach (var intro in intros)
            {
                var other = everyone.Single(o => o.Uid == intro.Peer);
                intro.Conversation.Should().Be(conversation);
                intro.PeerCertificateDer.SequenceEqual(other.CertificateDer).Should().BeTrue();
                intro.PeerEndpoint.Should().Be(other.Endpoint);
                intro.Dialer.Should().Be(string.CompareOrdinal(member.Uid.Value, other.Uid.Value) < 0,
                    $"{member.Uid} -> {other.Uid}: the UID that sorts first dials");
                intro.Members.Select(u => u.Value).Should().Equal("alice", "bob", "carol");
            }
            await member.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public async Task A_decline_tells_the_initiator_and_the_other_members_and_ends_the_proposal()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        var conversation = await ProposeAsync(alice, bob, carol);

        bob.Say(new DeclineProposal(conversation));

        foreach (var told in new[] { alice, carol })
        {
            var declined = await told.Probe.ExpectMsgAsync<ProposalDeclined>();
            declined.Conversation.Should().Be(conversation);
            declined.By.Should().Be(bob.Uid);
            declined.Reason.Should().Be("declined");
        }
        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        carol.Say(new AcceptProposal(conversation));
        (await RefusedAsync(carol, DirectoryCommand.Accept, RefusalCode.ProposalExpired)).Reason.Should().Contain("no pending proposal");
    }

    [Fact]
    public async Task Accepting_an_unknown_conversation_is_refused()
    {
        var alice = await OnlineAsync("alice");

        alice.Say(new AcceptProposal(ConversationId.New()));

        (await RefusedAsync(alice, DirectoryCommand.Accept, RefusalCode.ProposalExpired)).Reason.Should().Contain("no pending proposal");
    }

    [Fact]
    public async Task Only_members_may_answer_a_proposal()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var dave = await OnlineAsync("dave");
        var conversation = await ProposeAsync(alice, bob);

        dave.Say(new DeclineProposal(conversation));
        (await RefusedAsync(dave, DirectoryCommand.Decline, RefusalCode.NotAMember)).Reason.Should().Contain("not a member");

        alice.Say(new AcceptProposal(conversation));
        (await RefusedAsync(alice, DirectoryCommand.Accept, RefusalCode.OwnProposal)).Reason.Should().Contain("you made this proposal");

        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_member_going_offline_declines_the_pending_proposal_for_the_others()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        var conversation = await ProposeAsync(alice, bob, carol);

        Sys.Stop(carol.Probe.Ref);

        foreach (var told in new[] { alice, bob })
        {
            var declined = await told.Probe.ExpectMsgAsync<ProposalDeclined>();
            declined.Conversation.Should().Be(conversation);
            declined.By.Should().Be(carol.Uid);
            declined.Reason.Should().Be("went offline");
        }
    }

    [Fact]
    public async Task A_member_superseded_while_pending_declines_and_the_new_registration_gets_new_proposals()
    {
        var alice = await OnlineAsync("alice");
        var oldBob = await OnlineAsync("bob");
        var conversation = await ProposeAsync(alice, oldBob);

        var newBob = await OnlineAsync("bob");

        await oldBob.Probe.ExpectMsgAsync<Superseded>();
        var declined = await alice.Probe.ExpectMsgAsync<ProposalDeclined>();
        (declined.Conversation, declined.By, declined.Reason).Should().Be((conversation, newBob.Uid, "went offline"));

        var next = await ProposeAsync(alice, newBob);
        next.Should().NotBe(conversation);
        await oldBob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Seventeen_members_are_too_many()
    {
        var alice = await OnlineAsync("alice");

        alice.Say(ProposeTo(Enumerable.Range(1, 16).Select(i => $"user{i}").ToArray()));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.TooManyMembers)).Reason.Should().Contain("at most 16");
    }

    [Fact]
    public async Task Sixteen_members_are_allowed_when_all_are_online()
    {
        var alice = await OnlineAsync("alice");
        var others = new List<TestPeer>();
        for (var i = 1; i <= 15; i++) others.Add(await OnlineAsync($"user{i}"));

        var conversation = await ProposeAsync(alice, others.ToArray());

        conversation.Should().NotBeNull();
    }

    [Fact]
    public async Task A_ninth_pending_proposal_from_one_initiator_is_refused()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        for (var i = 0; i < 8; i++) await ProposeAsync(alice, bob);

        alice.Say(ProposeTo("bob"));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.TooManyPending)).Reason.Should().Contain("8 pending proposals");
        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_finished_proposal_frees_its_pending_slot()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        ConversationId last = null!;
        for (var i = 0; i < 8; i++) last = await ProposeAsync(alice, bob);

        bob.Say(new DeclineProposal(last));
        await alice.Probe.ExpectMsgAsync<ProposalDeclined>();

        alice.Say(ProposeTo("bob"));
        await alice.Probe.ExpectMsgAsync<Proposed>();
    }

    [Fact]
    public async Task Proposing_to_an_offline_peer_is_refused()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        Watch(bob.Link);
        bob.Say(Unregister.Instance);
        await ExpectTerminatedAsync(bob.Link);

        alice.Say(ProposeTo("bob"));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.NotOnline)).Reason.Should().Be("not online: bob");
    }

    [Fact]
    public async Task Proposing_to_an_unknown_uid_is_refused_and_nobody_hears_of_it()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");

        alice.Say(ProposeTo("bob", "zed"));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.NotOnline)).Reason.Should().Be("not online: zed");
        await bob.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Proposing_to_yourself_is_refused()
    {
        var alice = await OnlineAsync("alice");
        await OnlineAsync("bob");

        alice.Say(ProposeTo("bob", "alice"));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.IncludesSelf)).Reason.Should().Contain("cannot include yourself");
    }

    [Fact]
    public async Task Duplicate_members_are_refused()
    {
        var alice = await OnlineAsync("alice");
        await OnlineAsync("bob");

        alice.Say(ProposeTo("bob", "bob"));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.DuplicateMember)).Reason.Should().Contain("'bob' is listed more than once");
    }

    [Fact]
    public async Task A_proposal_without_members_is_refused()
    {
        var alice = await OnlineAsync("alice");

        alice.Say(new Propose([]));

        (await RefusedAsync(alice, DirectoryCommand.Connect, RefusalCode.NoMembers)).Reason.Should().Contain("at least one other member");
    }
}

public sealed class ProposalExpirySpecs(ITestOutputHelper output)
    : DirectorySpec(output, DirectorySettings.Default with { DirectoryId = "test-directory", ProposalTimeout = TimeSpan.FromMilliseconds(300) })
{
    [Fact]
    public async Task An_unanswered_proposal_expires_for_the_initiator_and_every_member()
    {
        var alice = await OnlineAsync("alice");
        var bob = await OnlineAsync("bob");
        var carol = await OnlineAsync("carol");
        alice.Say(new Propose([bob.Uid, carol.Uid]));
        var conversation = (await alice.Probe.ExpectMsgAsync<Proposed>()).Conversation;
        await bob.Probe.ExpectMsgAsync<ProposalReceived>();
        await carol.Probe.ExpectMsgAsync<ProposalReceived>();
        bob.Say(new AcceptProposal(conversation));

        foreach (var told in new[] { alice, bob, carol })
            (await told.Probe.ExpectMsgAsync<ProposalExpired>(TimeSpan.FromSeconds(3))).Conversation.Should().Be(conversation);

        carol.Say(new AcceptProposal(conversation));
        var refused = await carol.Probe.ExpectMsgAsync<CommandRefused>();
        refused.Code.Should().Be(RefusalCode.ProposalExpired);
        refused.Reason.Should().Contain("expired");
    }
}
