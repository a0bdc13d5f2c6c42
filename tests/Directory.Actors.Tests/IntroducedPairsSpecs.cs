using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Tests;

public sealed class IntroducedPairsSpecs
{
    private static readonly Uid Bob = Uid.Parse("bob");

    [Fact]
    public void Only_a_member_introduced_in_that_conversation_is_known()
    {
        var pairs = new IntroducedPairs();
        var conversation = ConversationId.New();

        pairs.Add(conversation, Bob);

        pairs.Contains(conversation, Bob).Should().BeTrue();
        pairs.Contains(ConversationId.New(), Bob).Should().BeFalse("bob in another conversation");
        pairs.Contains(conversation, Uid.Parse("carol")).Should().BeFalse();
    }

    [Fact]
    public void Past_its_capacity_the_oldest_introduction_is_forgotten_first()
    {
        var pairs = new IntroducedPairs(capacity: 2);
        var first = ConversationId.New();
        var second = ConversationId.New();
        var third = ConversationId.New();

        pairs.Add(first, Bob);
        pairs.Add(second, Bob);
        pairs.Add(second, Bob);
        pairs.Add(third, Bob);

        pairs.Count.Should().Be(2);
        pairs.Contains(first, Bob).Should().BeFalse();
        pairs.Contains(second, Bob).Should().BeTrue();
        pairs.Contains(third, Bob).Should().BeTrue();
    }
}
