using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Tests.P2P;

public sealed class MessageIdSpecs
{
    [Fact]
    public void A_message_id_keeps_its_wire_byte_order_and_prints_as_lowercase_hex()
    {
        var hex = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        var id = MessageId.Parse(hex);

        id.ToArray().Should().Equal(Convert.FromHexString(hex));
        id.ToString().Should().Be(hex);
    }

    [Fact]
    public void Message_ids_compare_by_value()
    {
        var a = MessageId.Parse("00112233445566778899aabbccddeeff");
        var b = MessageId.FromBytes(Convert.FromHexString("00112233445566778899aabbccddeeff"));

        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a == MessageId.NewRandom()).Should().BeFalse();
    }
}
