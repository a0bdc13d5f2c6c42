using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Tests.Identity;

public sealed class ConversationIdTests
{
    [Fact]
    public void Bytes_round_trip_through_lowercase_hex()
    {
        var bytes = Enumerable.Range(0xF0, 16).Select(i => (byte)i).ToArray();

        var id = ConversationId.FromBytes(bytes);

        id.Hex.Should().Be("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        id.ToString().Should().Be(id.Hex);
        id.ToBytes().Should().Equal(bytes);
    }

    [Fact]
    public void Parsing_the_hex_gives_an_equal_id()
    {
        var id = ConversationId.New();

        ConversationId.TryParse(id.Hex, out var parsed).Should().BeTrue();
        parsed.Should().Be(id);
        parsed!.GetHashCode().Should().Be(id.GetHashCode());
    }

    [Fact]
    public void New_ids_are_random()
    {
        ConversationId.New().Should().NotBe(ConversationId.New());
    }

    [Theory]
    [InlineData("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF")]
    [InlineData("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeFF")]
    public void Uppercase_hex_is_refused(string text)
    {
        ConversationId.TryParse(text, out var id).Should().BeFalse();
        id.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("f0f1")]
    [InlineData("f0f1f2f3f4f5f6f7f8f9fafbfcfdfef")]
    [InlineData("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff00")]
    [InlineData("g0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")]
    [InlineData(" 0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")]
    [InlineData(null)]
    public void Anything_but_32_lowercase_hex_digits_is_refused(string? text)
    {
        ConversationId.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void From_bytes_refuses_a_length_other_than_16(int length)
    {
        var make = () => ConversationId.FromBytes(new byte[length]);
        make.Should().Throw<FormatException>().WithMessage($"*{length}*");
    }
}
