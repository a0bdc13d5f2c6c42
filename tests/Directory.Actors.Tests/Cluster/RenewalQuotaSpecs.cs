using Encryptio.Directory.Cluster;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>The asking node's cap on fresh relay requests when each pair waits at its own sharded entity.</summary>
public sealed class RenewalQuotaSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ConversationId Conversation = ConversationId.New();
    private static readonly Uid Mallory = Uid.Parse("mallory"), Alice = Uid.Parse("alice");
    private readonly RenewalQuota _quota = new(TimeSpan.FromSeconds(30), maxPerUid: 2, maxAsks: 3);

    [Fact]
    public void A_uid_asking_for_more_pairs_than_its_cap_at_once_is_refused_until_its_requests_expire()
    {
        _quota.TryAsk(Mallory, Conversation, Uid.Parse("u1"), T0).Should().BeNull();
        _quota.TryAsk(Mallory, Conversation, Uid.Parse("u2"), T0).Should().BeNull();

        _quota.TryAsk(Mallory, Conversation, Uid.Parse("u3"), T0.AddSeconds(1)).Should().Contain("already waits for 2");
        _quota.TryAsk(Mallory, Conversation, Uid.Parse("u3"), T0.AddSeconds(30)).Should().BeNull("the first two expired");
    }

    [Fact]
    public void Asking_again_for_the_same_pair_costs_nothing_more()
    {
        for (var i = 0; i < 10; i++) _quota.TryAsk(Alice, Conversation, Uid.Parse("bob"), T0.AddSeconds(i)).Should().BeNull();
        _quota.Waiting.Should().Be(1);
    }

    [Fact]
    public void The_node_wide_cap_holds_across_uids_and_expiry_frees_it()
    {
        _quota.TryAsk(Uid.Parse("a1"), Conversation, Alice, T0).Should().BeNull();
        _quota.TryAsk(Uid.Parse("a2"), Conversation, Alice, T0).Should().BeNull();
        _quota.TryAsk(Uid.Parse("a3"), Conversation, Alice, T0).Should().BeNull();
        _quota.TryAsk(Uid.Parse("a4"), Conversation, Alice, T0).Should().Contain("this node");

        _quota.Expire(T0.AddSeconds(31));
        _quota.Waiting.Should().Be(0);
        _quota.TryAsk(Uid.Parse("a4"), Conversation, Alice, T0.AddSeconds(31)).Should().BeNull();
    }
}
