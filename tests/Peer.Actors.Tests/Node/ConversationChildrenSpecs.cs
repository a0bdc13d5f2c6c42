using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Conversations;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>The node's questions to all its conversations at once, asked of probes standing in for them.</summary>
public sealed class ConversationChildrenSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static MessageReceived Said(ConversationId id, string text, int second) =>
        new(id, Uid.Parse("bob"), $"m{second}", text, T0.AddSeconds(second));

    [Fact]
    public void The_history_of_every_conversation_is_merged_in_the_order_it_was_sent()
    {
        var (a, b) = (ConversationId.New(), ConversationId.New());
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        var children = new ConversationChildren(Patience);
        children.Add(first.Ref, a);
        children.Add(second.Ref, b);

        var history = children.History(only: null);
        first.ExpectMsg<ListHistory>();
        first.Reply(new HistoryPart([Said(a, "one", 1), Said(a, "three", 3)]));
        second.ExpectMsg<ListHistory>();
        second.Reply(new HistoryPart([Said(b, "two", 2)]));

        history.Wait(Patience).Should().BeTrue();
        history.Result.Messages.Select(m => m.Id).Should().Equal("m1", "m2", "m3");
    }

    [Fact]
    public void The_history_of_one_conversation_asks_only_that_one()
    {
        var (a, b) = (ConversationId.New(), ConversationId.New());
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        var children = new ConversationChildren(Patience);
        children.Add(first.Ref, a);
        children.Add(second.Ref, b);

        var history = children.History(only: b);
        second.ExpectMsg<ListHistory>();
        second.Reply(new HistoryPart([Said(b, "two", 2)]));

        history.Wait(Patience).Should().BeTrue();
        history.Result.Messages.Should().ContainSingle().Which.Conversation.Should().Be(b);
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Messages_waiting_are_counted_over_all_conversations()
    {
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        var children = new ConversationChildren(Patience);
        children.Add(first.Ref, ConversationId.New());
        children.Add(second.Ref, ConversationId.New());

        var waiting = children.Waiting();
        first.ExpectMsg<CountWaiting>();
        first.Reply(new WaitingCount(2));
        second.ExpectMsg<CountWaiting>();
        second.Reply(new WaitingCount(3));

        waiting.Wait(Patience).Should().BeTrue();
        waiting.Result.Should().Be(5);
    }

    [Fact]
    public void A_conversation_that_does_not_answer_fails_the_question()
    {
        var silent = CreateTestProbe();
        var children = new ConversationChildren(TimeSpan.FromMilliseconds(200));
        children.Add(silent.Ref, ConversationId.New());

        var ended = children.EndSessionsWith(new EndSessionsWith(Uid.Parse("mallory"), "01", "revoked"));

        silent.ExpectMsg<EndSessionsWith>();
        var act = () => ended.Wait(Patience);
        act.Should().Throw<AggregateException>().WithInnerException<Akka.Actor.AskTimeoutException>();
    }

    [Fact]
    public void A_conversation_that_ended_is_no_longer_asked()
    {
        var (gone, left) = (CreateTestProbe(), CreateTestProbe());
        var id = ConversationId.New();
        var children = new ConversationChildren(Patience);
        children.Add(gone.Ref, id);
        children.Add(left.Ref, ConversationId.New());

        children.Remove(gone.Ref, out var removed).Should().BeTrue();
        removed.Should().Be(id);
        children.Contains(gone.Ref).Should().BeFalse();

        var closed = children.CloseSessions();
        left.ExpectMsg<CloseSessions>();
        left.Reply(Done.Instance);
        closed.Wait(Patience).Should().BeTrue();
        gone.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
