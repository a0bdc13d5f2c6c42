using Encryptio.Messages.P2P;
using Encryptio.Peer.Conversations;

namespace Encryptio.Peer.Actors.Tests.Conversations;

public sealed class SeenIdsSpecs
{
    [Fact]
    public void A_message_resent_after_a_lost_ack_is_not_shown_again()
    {
        var seen = new SeenIds(capacity: 10);
        var id = MessageId.NewRandom();

        seen.FirstSighting(id).Should().BeTrue();
        seen.FirstSighting(id).Should().BeFalse();
    }

    [Fact]
    public void Beyond_its_capacity_the_oldest_id_is_forgotten_first()
    {
        var seen = new SeenIds(capacity: 2);
        var (first, second, third) = (MessageId.NewRandom(), MessageId.NewRandom(), MessageId.NewRandom());
        seen.FirstSighting(first);
        seen.FirstSighting(second);

        seen.FirstSighting(third).Should().BeTrue();

        seen.FirstSighting(second).Should().BeFalse("the two latest are remembered");
        seen.FirstSighting(third).Should().BeFalse();
        seen.FirstSighting(first).Should().BeTrue("the oldest was forgotten");
    }
}
