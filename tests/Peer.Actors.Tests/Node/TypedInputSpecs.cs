using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Console;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Actors.Tests.Node;

/// Chat text and TTL are checked once, where the user typed them; past that edge they are values
/// nothing checks again.
public sealed class TypedInputSpecs
{
    private static readonly ConversationId Active = ConversationId.New();

    [Fact]
    public void Text_over_16_KiB_is_refused_where_it_is_typed_and_never_echoed()
    {
        var huge = new string('x', PayloadLimits.MaxTextBytes + 1);

        ChatText.TryCreate(huge, out _, out var error).Should().BeFalse();
        error.Should().Contain($"{PayloadLimits.MaxTextBytes} bytes");
        var typed = TextCommandParser.Parse(huge, Active, null).Should().BeOfType<ConsoleInput.Error>().Subject;
        typed.CommandName.Should().Be("send");
        typed.Message.Should().NotContain("xxxx");
        var scripted = JsonCommandParser.Parse($$"""{"cmd":"send","conversation":"{{Active.Hex}}","text":"{{huge}}"}""");
        scripted.Should().BeOfType<ConsoleInput.Error>().Which.CommandName.Should().Be("send");
        ChatText.TryCreate(new string('x', PayloadLimits.MaxTextBytes), out _, out _).Should().BeTrue("the limit itself is allowed");
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_refused_where_it_is_typed()
    {
        ChatText.TryCreate("half a pair \ud800", out _, out var error).Should().BeFalse();
        error.Should().Be("the text is not valid Unicode");
        TextCommandParser.Parse("half a pair \ud800", Active, null).Should().BeOfType<ConsoleInput.Error>()
            .Which.CommandName.Should().Be("send");
    }

    [Fact]
    public void Chat_text_never_shows_itself_in_a_log()
    {
        var text = ChatText.From("meet me at noon");

        text.ToString().Should().NotContain("noon");
        new SendText(Active, text).ToString().Should().NotContain("noon");
        text.Utf8Bytes.Should().Be(15);
        text.Should().Be(ChatText.From("meet me at noon"), "equal text is an equal value");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(604_801)]
    public void A_TTL_outside_the_protocols_range_is_refused_where_it_is_set(long seconds)
    {
        MessageTtl.TryCreate(seconds, out _, out var error).Should().BeFalse();
        error.Should().Be(MessageTtl.Range);
        TextCommandParser.Parse($"/ttl {seconds}", Active, null).Should().BeOfType<ConsoleInput.Error>()
            .Which.Message.Should().Be(MessageTtl.Range);
        JsonCommandParser.Parse($$"""{"cmd":"ttl","seconds":{{seconds}}}""").Should().BeOfType<ConsoleInput.Error>()
            .Which.CommandName.Should().Be("ttl");
    }

    [Theory]
    [InlineData(0.2, 1u)]
    [InlineData(1.5, 2u)]
    [InlineData(604_800, 604_800u)]
    public void A_TTL_from_settings_is_whole_seconds_rounded_up(double seconds, uint whole) =>
        MessageTtl.From(TimeSpan.FromSeconds(seconds)).Seconds.Should().Be(whole);
}
