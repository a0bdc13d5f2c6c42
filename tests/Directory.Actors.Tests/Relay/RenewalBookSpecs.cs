using Encryptio.Directory.Relay;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Tests.Relay;

public sealed class RenewalBookSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConversationId Conversation = ConversationId.New();
    private static readonly Uid Alice = Uid.Parse("alice"), Bob = Uid.Parse("bob"), Mallory = Uid.Parse("mallory");
    private readonly RenewalBook<string> _book = new(TimeSpan.FromSeconds(30), maxPerUid: 2);

    [Fact]
    public void A_token_is_made_only_when_both_members_have_asked_for_each_other()
    {
        _book.Want(Conversation, Alice, Bob, "alice-link", T0).Should().BeOfType<RenewalOutcome<string>.Waiting>();
        _book.Want(Conversation, Bob, Alice, "bob-link", T0.AddSeconds(1))
            .Should().Be(new RenewalOutcome<string>.Matched("alice-link"));
        _book.Waiting.Should().Be(0, "a match spends both requests: one token per match");
    }

    [Fact]
    public void A_uid_asking_for_a_pair_with_someone_who_never_asked_for_it_gets_nothing()
    {
        // mallory is not in alice and bob's conversation; bob asks only for alice.
        _book.Want(Conversation, Mallory, Bob, "mallory-link", T0).Should().BeOfType<RenewalOutcome<string>.Waiting>();
        _book.Want(Conversation, Bob, Alice, "bob-link", T0).Should().BeOfType<RenewalOutcome<string>.Waiting>();
        _book.Want(Conversation, Mallory, Alice, "mallory-link", T0).Should().BeOfType<RenewalOutcome<string>.Waiting>(
            "alice asked for nobody; bob asked for alice, not mallory");
    }

    [Fact]
    public void Requests_in_different_conversations_do_not_match()
    {
        _book.Want(Conversation, Alice, Bob, "alice-link", T0);
        _book.Want(ConversationId.New(), Bob, Alice, "bob-link", T0).Should().BeOfType<RenewalOutcome<string>.Waiting>();
    }

    [Fact]
    public void A_request_older_than_the_window_does_not_match()
    {
        _book.Want(Conversation, Alice, Bob, "alice-link", T0);
        _book.Want(Conversation, Bob, Alice, "bob-link", T0.AddSeconds(31)).Should().BeOfType<RenewalOutcome<string>.Waiting>();
    }

    [Fact]
    public void Asking_again_keeps_one_request_with_the_newest_link()
    {
        _book.Want(Conversation, Alice, Bob, "old-link", T0);
        _book.Want(Conversation, Alice, Bob, "new-link", T0.AddSeconds(20));
        _book.Waiting.Should().Be(1);
        _book.Want(Conversation, Bob, Alice, "bob-link", T0.AddSeconds(40)).Should().Be(new RenewalOutcome<string>.Matched("new-link"));
    }

    [Fact]
    public void A_flood_of_unmatched_requests_from_one_uid_is_capped()
    {
        _book.Want(ConversationId.New(), Mallory, Alice, "m", T0);
        _book.Want(ConversationId.New(), Mallory, Alice, "m", T0);
        _book.Want(ConversationId.New(), Mallory, Alice, "m", T0).Should().BeOfType<RenewalOutcome<string>.Refused>();
        _book.Expire(T0.AddSeconds(30)).Should().Be(2);
        _book.Want(ConversationId.New(), Mallory, Alice, "m", T0.AddSeconds(30)).Should().BeOfType<RenewalOutcome<string>.Waiting>();
    }

    [Fact]
    public void A_pair_of_one_user_with_itself_is_refused()
    {
        _book.Want(Conversation, Alice, Alice, "a", T0).Should().BeOfType<RenewalOutcome<string>.Refused>();
    }
}
