using System.Collections.Immutable;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Conversations;

namespace Encryptio.Peer.Actors.Tests.Conversations;

public sealed class ConversationConsentSpecs
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly Uid Carol = Uid.Parse("carol");
    private static readonly Uid Mallory = Uid.Parse("mallory");

    [Fact]
    public void A_proposal_is_confirmed_with_the_members_typed_in_any_order_and_only_once()
    {
        var consent = new ConversationConsent(Alice);
        consent.Requested([Carol, Bob]);
        var id = ConversationId.New();

        consent.TryConfirmProposed(new Proposed(id, [Bob, Alice, Carol]), out _).Should().BeTrue();
        consent.MembersOf(id).Should().Equal(Alice, Bob, Carol);
        consent.TryConfirmProposed(new Proposed(ConversationId.New(), [Alice, Bob, Carol]), out var reason).Should().BeFalse();
        reason.Should().Contain("which you did not propose");
    }

    [Fact]
    public void Each_agreed_member_is_introduced_once_and_never_the_user_itself()
    {
        var consent = Accepted(out var id, [Alice, Bob, Carol]);

        consent.TryAdmit(Intro(id, Bob, [Alice, Bob, Carol]), out _).Should().BeTrue();
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob, Carol]), out var again).Should().BeFalse();
        again.Should().Contain("already introduced");
        consent.TryAdmit(Intro(id, Alice, [Alice, Bob, Carol]), out var self).Should().BeFalse();
        self.Should().Contain("not among the members");
        consent.TryAdmit(Intro(id, Carol, [Alice, Bob, Carol]), out _).Should().BeTrue();
    }

    [Fact]
    public void A_proposal_that_does_not_name_the_user_and_its_sender_is_not_shown()
    {
        var consent = new ConversationConsent(Alice);

        consent.TryOffer(new ProposalReceived(ConversationId.New(), Mallory, [Bob, Mallory], []), out var reason).Should().BeFalse();
        reason.Should().Contain("do not include you and its sender");
    }

    [Fact]
    public void A_proposal_that_expired_before_any_introduction_takes_none_afterwards()
    {
        var consent = Accepted(out var id, [Alice, Bob]);

        consent.Abandoned(id);

        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out var reason).Should().BeFalse();
        reason.Should().Contain("not one you proposed or accepted");
    }

    [Fact]
    public void A_fresh_relay_token_from_the_directory_is_taken_only_for_a_member_it_introduced_into_an_open_conversation()
    {
        // The directory is not trusted to pick the user's partners by way of a relay token either.
        var consent = Accepted(out var id, [Alice, Bob, Carol]);
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob, Carol]), out _).Should().BeTrue();

        consent.WasIntroduced(id, Bob).Should().BeTrue();
        consent.WasIntroduced(id, Carol).Should().BeFalse("carol was agreed to but not introduced yet");
        consent.WasIntroduced(id, Mallory).Should().BeFalse("mallory is no member");
        consent.WasIntroduced(ConversationId.New(), Bob).Should().BeFalse("no such conversation here");
        consent.Close(id);
        consent.WasIntroduced(id, Bob).Should().BeFalse("the conversation has ended");
    }

    [Fact]
    public void A_closed_conversation_takes_no_introduction_again()
    {
        var consent = Accepted(out var id, [Alice, Bob, Carol]);
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob, Carol]), out _).Should().BeTrue();

        consent.Close(id);

        consent.TryAdmit(Intro(id, Carol, [Alice, Bob, Carol]), out var reason).Should().BeFalse();
        reason.Should().Contain("has ended");
    }

    [Fact]
    public void A_proposal_that_never_reached_the_directory_cannot_be_announced_by_it()
    {
        var consent = new ConversationConsent(Alice);
        consent.Requested([Bob]);
        consent.Requested([Bob]);

        consent.Withdrawn([Bob]);
        consent.TryConfirmProposed(new Proposed(ConversationId.New(), [Alice, Bob]), out _).Should().BeTrue();
        consent.Withdrawn([Bob]);
        consent.TryConfirmProposed(new Proposed(ConversationId.New(), [Alice, Bob]), out var reason).Should().BeFalse();
        reason.Should().Contain("which you did not propose");
    }

    [Fact]
    public void An_acceptance_that_never_reached_the_directory_admits_nobody_and_can_be_given_again()
    {
        var consent = Accepted(out var id, [Alice, Bob]);

        consent.Unaccepted(id);

        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out var reason).Should().BeFalse();
        reason.Should().Contain("not one you proposed or accepted");
        consent.TryAccept(id, out _).Should().BeTrue();
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out _).Should().BeTrue();
    }

    private static ConversationConsent Accepted(out ConversationId id, ImmutableArray<Uid> members)
    {
        var consent = new ConversationConsent(Alice);
        id = ConversationId.New();
        consent.TryOffer(new ProposalReceived(id, members.First(m => m != Alice), members, []), out _).Should().BeTrue();
        consent.TryAccept(id, out _).Should().BeTrue();
        return consent;
    }

    private static Introduction Intro(ConversationId id, Uid peer, ImmutableArray<Uid> members) =>
        new(id, peer, [], new PeerEndpoint("127.0.0.1", 1), false, members);
}
