using System.Collections.Immutable;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Conversations;

namespace Encryptio.Peer.Actors.Tests.Conversations;

/// <summary>
/// A conversation proposed again to a member who came back without it (issue 14): the only way a
/// member is introduced into a conversation twice, and never a way in for anyone else. The directory
/// is not trusted: it could re-use the id to add a member, re-introduce one nobody proposed to, or
/// offer the user a conversation they are already in.
/// </summary>
public sealed class RejoinConsentSpecs
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly Uid Carol = Uid.Parse("carol");
    private static readonly Uid Mallory = Uid.Parse("mallory");

    [Fact]
    public void The_member_proposed_to_again_is_introduced_again_once_and_nobody_else_with_it()
    {
        var consent = InConversation(out var id, [Alice, Bob, Carol]);

        consent.TryRepropose(id, Bob, out _).Should().BeTrue();
        consent.TryConfirmProposed(new Proposed(id, [Alice, Bob]), out _).Should().BeTrue();

        consent.TryAdmit(Intro(id, Carol, [Alice, Carol]), out var carol).Should().BeFalse("only bob was proposed to again");
        carol.Should().Contain("not the one you agreed to");
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out _).Should().BeTrue();
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out var twice).Should().BeFalse("one re-proposal, one introduction");
        twice.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void A_directory_reintroducing_a_member_nobody_proposed_to_again_is_refused()
    {
        var consent = InConversation(out var id, [Alice, Bob]);

        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out var reason).Should().BeFalse();
        reason.Should().Contain("already introduced");
    }

    [Fact]
    public void A_directory_announcing_a_reproposal_with_another_member_list_is_refused()
    {
        var consent = InConversation(out var id, [Alice, Bob]);
        consent.TryRepropose(id, Bob, out _).Should().BeTrue();

        consent.TryConfirmProposed(new Proposed(id, [Alice, Bob, Mallory]), out var reason).Should().BeFalse();
        reason.Should().Contain("a second time");
        consent.TryAdmit(Intro(id, Bob, [Alice, Bob, Mallory]), out _).Should().BeFalse("the re-proposal was never confirmed");
        consent.TryAdmit(Intro(id, Mallory, [Alice, Bob, Mallory]), out _).Should().BeFalse();
    }

    [Fact]
    public void A_proposal_reusing_the_id_of_a_conversation_you_are_in_adds_nobody_silently()
    {
        var consent = InConversation(out var id, [Alice, Bob]);

        // Mallory (or a directory) re-uses the id, hoping to be let into alice's conversation with bob.
        consent.TryOffer(new ProposalReceived(id, Mallory, [Alice, Mallory], []) { Waiting = 3 }, out var reason).Should().BeFalse();
        reason.Should().Contain("already in");
        consent.TryAccept(id, out _).Should().BeFalse("nothing was shown, so nothing can be accepted");
        consent.TryAdmit(Intro(id, Mallory, [Alice, Mallory]), out _).Should().BeFalse();
    }

    [Fact]
    public void A_reproposal_that_ended_without_an_introduction_lets_no_introduction_in_afterwards()
    {
        var consent = InConversation(out var id, [Alice, Bob]);
        consent.TryRepropose(id, Bob, out _).Should().BeTrue();
        consent.TryConfirmProposed(new Proposed(id, [Alice, Bob]), out _).Should().BeTrue();

        consent.RejoinEnded(id).Should().Be(Bob);

        consent.TryAdmit(Intro(id, Bob, [Alice, Bob]), out _).Should().BeFalse();
        consent.MembersOf(id).Should().Equal([Alice, Bob], "the conversation itself is not abandoned");
        consent.TryRepropose(id, Bob, out _).Should().BeTrue("bob may be proposed to again when he is back again");
    }

    [Fact]
    public void Only_a_member_introduced_into_a_conversation_that_has_not_ended_is_proposed_to_again()
    {
        var consent = InConversation(out var id, [Alice, Bob, Carol]);

        consent.TryRepropose(id, Carol, out var never).Should().BeFalse();
        never.Should().Contain("never introduced");
        consent.TryRepropose(ConversationId.New(), Bob, out var unknown).Should().BeFalse();
        unknown.Should().Contain("not one you proposed or accepted");
        consent.Close(id);
        consent.TryRepropose(id, Bob, out var ended).Should().BeFalse();
        ended.Should().Contain("has ended");
    }

    /// Alice accepted a conversation with these members and bob was introduced into it.
    private static ConversationConsent InConversation(out ConversationId id, ImmutableArray<Uid> members)
    {
        var consent = new ConversationConsent(Alice);
        id = ConversationId.New();
        consent.TryOffer(new ProposalReceived(id, Bob, members, []), out _).Should().BeTrue();
        consent.TryAccept(id, out _).Should().BeTrue();
        consent.TryAdmit(Intro(id, Bob, members), out _).Should().BeTrue();
        return consent;
    }

    private static Introduction Intro(ConversationId id, Uid peer, ImmutableArray<Uid> members) =>
        new(id, peer, [], new PeerEndpoint("127.0.0.1", 1), false, members);
}
