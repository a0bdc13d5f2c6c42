using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Conversations;

namespace Encryptio.Peer.Actors.Tests.Conversations;

/// One sweep per conversation: the history knows which message expires next and hands back, in one
/// go, everything due by then.
public sealed class ConversationHistorySpecs
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_next_expiry_is_the_earliest_and_a_sweep_takes_everything_due_by_then()
    {
        var conversation = new Conversation(ConversationId.New(), [Alice]);
        var late = Message(TimeSpan.FromMinutes(5));
        var early = Message(TimeSpan.FromSeconds(10));
        var alsoEarly = Message(TimeSpan.FromSeconds(10));
        conversation.Record(late);
        conversation.Record(early);
        conversation.Record(alsoEarly);

        conversation.NextExpiry.Should().Be(T0 + TimeSpan.FromSeconds(10));
        conversation.ExpireUpTo(T0 + TimeSpan.FromSeconds(10)).Should().BeEquivalentTo([early.Id, alsoEarly.Id]);
        conversation.NextExpiry.Should().Be(T0 + TimeSpan.FromMinutes(5));
        conversation.History(T0).Select(m => m.Id).Should().Equal(late.Id);
    }

    [Fact]
    public void A_message_evicted_from_a_full_history_is_never_reported_expired()
    {
        var conversation = new Conversation(ConversationId.New(), [Alice]);
        var first = Message(TimeSpan.FromSeconds(1));
        conversation.Record(first);
        for (var i = 0; i < Conversation.MaxHistory; i++) conversation.Record(Message(TimeSpan.FromHours(1)));

        conversation.NextExpiry.Should().Be(T0 + TimeSpan.FromHours(1));
        conversation.ExpireUpTo(T0 + TimeSpan.FromSeconds(1)).Should().BeEmpty();
    }

    [Fact]
    public void An_empty_history_has_no_next_expiry()
    {
        var conversation = new Conversation(ConversationId.New(), [Alice]);
        conversation.Record(Message(TimeSpan.FromSeconds(1)));
        conversation.ExpireUpTo(T0 + TimeSpan.FromSeconds(1)).Should().ContainSingle();

        conversation.NextExpiry.Should().BeNull();
    }

    private static ConversationMessage Message(TimeSpan ttl) => new(MessageId.NewRandom(), Alice, "hi", T0, T0 + ttl);
}
