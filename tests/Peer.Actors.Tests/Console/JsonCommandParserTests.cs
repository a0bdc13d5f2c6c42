using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class JsonCommandParserTests
{
    private const string Hex = "000102030405060708090a0b0c0d0e0f";
    private static readonly ConversationId Conversation = ConversationId.FromBytes(Convert.FromHexString(Hex));

    private static IPeerCommand CommandOf(string line) =>
        JsonCommandParser.Parse(line).Should().BeOfType<ConsoleInput.Command>().Subject.Value;

    private static ConsoleInput.Error ErrorOf(string line)
    {
        ConsoleInput input = null!;
        var parse = () => input = JsonCommandParser.Parse(line);
        parse.Should().NotThrow();
        var error = input.Should().BeOfType<ConsoleInput.Error>().Subject;
        error.Message.Should().NotBeNullOrWhiteSpace();
        return error;
    }

    [Fact]
    public void Connect_proposes_a_conversation_with_the_uids_in_to()
    {
        CommandOf("""{"cmd":"connect","to":["bob","carol"]}""").Should().BeOfType<ConnectTo>()
            .Which.Members.Should().Equal(Uid.Parse("bob"), Uid.Parse("carol"));
    }

    [Fact]
    public void Connect_accepts_a_single_uid_as_a_string()
    {
        CommandOf("""{"cmd":"connect","to":"bob"}""").Should().BeOfType<ConnectTo>()
            .Which.Members.Should().Equal(Uid.Parse("bob"));
    }

    [Theory]
    [InlineData("""{"cmd":"connect"}""")]
    [InlineData("""{"cmd":"connect","to":[]}""")]
    [InlineData("""{"cmd":"connect","to":[1]}""")]
    [InlineData("""{"cmd":"connect","to":{"a":"bob"}}""")]
    [InlineData("""{"cmd":"connect","to":["bob","Eve"]}""")]
    public void Connect_without_a_list_of_valid_uids_is_an_error_for_connect(string line)
    {
        ErrorOf(line).CommandName.Should().Be("connect");
    }

    [Fact]
    public void Accept_names_the_conversation()
    {
        CommandOf($$"""{"cmd":"accept","conversation":"{{Hex}}"}""").Should().Be(new AcceptConversation(Conversation));
    }

    [Fact]
    public void Decline_names_the_conversation()
    {
        CommandOf($$"""{"cmd":"decline","conversation":"{{Hex}}"}""").Should().Be(new DeclineConversation(Conversation));
    }

    [Fact]
    public void Send_carries_the_conversation_and_the_text_unchanged()
    {
        CommandOf($$"""{"cmd":"send","conversation":"{{Hex}}","text":"  h\u00e9llo\n\"you\" "}""")
            .Should().Be(new SendText(Conversation, ChatText.From("  héllo\n\"you\" ")));
    }

    [Fact]
    public void Send_without_text_is_an_error_naming_the_field()
    {
        var error = ErrorOf($$"""{"cmd":"send","conversation":"{{Hex}}"}""");

        error.Message.Should().Contain("\"text\"");
        error.CommandName.Should().Be("send");
    }

    [Fact]
    public void Who_lists_who_is_online()
    {
        CommandOf("""{"cmd":"who"}""").Should().BeSameAs(ListOnline.Instance);
    }

    [Fact]
    public void Quit_stops_the_node()
    {
        CommandOf("""{"cmd":"quit"}""").Should().BeSameAs(QuitNode.Instance);
    }

    [Fact]
    public void Leave_names_the_conversation()
    {
        CommandOf($$"""{"cmd":"leave","conversation":"{{Hex}}"}""").Should().Be(new LeaveConversation(Conversation));
    }

    [Fact]
    public void Verify_names_the_uid()
    {
        CommandOf("""{"cmd":"verify","uid":"bob"}""").Should().Be(new VerifyPeer(Uid.Parse("bob")));
    }

    [Fact]
    public void Trust_names_the_uid()
    {
        CommandOf("""{"cmd":"trust","uid":"bob"}""").Should().Be(new TrustPeer(Uid.Parse("bob")));
    }

    [Fact]
    public void Ttl_carries_the_seconds()
    {
        CommandOf("""{"cmd":"ttl","seconds":300}""").Should().Be(new SetTtl(MessageTtl.FromSeconds(300)));
    }

    [Theory]
    [InlineData("""{"cmd":"ttl"}""")]
    [InlineData("""{"cmd":"ttl","seconds":"300"}""")]
    [InlineData("""{"cmd":"ttl","seconds":1.5}""")]
    public void Ttl_without_an_integer_is_an_error_for_ttl(string line)
    {
        var error = ErrorOf(line);

        error.Message.Should().Contain("\"seconds\"");
        error.CommandName.Should().Be("ttl");
    }

    [Fact]
    public void History_without_a_conversation_asks_for_all()
    {
        CommandOf("""{"cmd":"history"}""").Should().Be(new ShowHistory(null));
        CommandOf($$"""{"cmd":"history","conversation":"{{Hex}}"}""").Should().Be(new ShowHistory(Conversation));
    }

    [Fact]
    public void Fields_may_come_in_any_order_and_unknown_fields_are_ignored()
    {
        CommandOf($$"""{"text":"hi","extra":[1,2],"conversation":"{{Hex}}","cmd":"send"}""")
            .Should().Be(new SendText(Conversation, ChatText.From("hi")));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"cmd\":\"who\"")]
    [InlineData("cmd=who")]
    [InlineData("{'cmd':'who'}")]
    [InlineData("{\"cmd\":\"who\"} trailing")]
    public void Malformed_json_is_an_error_not_an_exception(string line)
    {
        ErrorOf(line).Message.Should().Contain("not a JSON object");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"who\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Json_that_is_not_an_object_is_an_error(string line)
    {
        ErrorOf(line).Message.Should().Contain("not a JSON object");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"command":"who"}""")]
    [InlineData("""{"cmd":7}""")]
    [InlineData("""{"cmd":null}""")]
    public void An_object_without_a_string_cmd_is_an_error_naming_cmd(string line)
    {
        ErrorOf(line).Message.Should().Contain("\"cmd\"");
    }

    [Theory]
    [InlineData("000102030405060708090A0B0C0D0E0F")]
    [InlineData("0001020304050607")]
    [InlineData("000102030405060708090a0b0c0d0e0f00")]
    [InlineData("zz0102030405060708090a0b0c0d0e0f")]
    [InlineData("")]
    public void A_conversation_that_is_not_32_lowercase_hex_digits_is_an_error(string conversation)
    {
        var error = ErrorOf($$"""{"cmd":"accept","conversation":"{{conversation}}"}""");

        error.Message.Should().Contain("32 lowercase hex digits");
        error.CommandName.Should().Be("accept");
    }

    [Fact]
    public void A_conversation_given_as_a_number_is_an_error()
    {
        ErrorOf("""{"cmd":"leave","conversation":123}""").CommandName.Should().Be("leave");
    }

    [Theory]
    [InlineData("Bob")]
    [InlineData("9lives")]
    [InlineData("")]
    [InlineData("bob smith")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]
    public void An_invalid_uid_is_an_error_with_the_uid_rule(string uid)
    {
        var error = ErrorOf($$"""{"cmd":"verify","uid":"{{uid}}"}""");

        error.Message.Should().Contain("UID");
        error.CommandName.Should().Be("verify");
    }

    [Fact]
    public void An_unknown_cmd_is_an_error_naming_it()
    {
        var error = ErrorOf("""{"cmd":"selfdestruct"}""");

        error.Message.Should().Contain("unknown command").And.Contain("selfdestruct");
        error.CommandName.Should().Be("selfdestruct");
    }

    [Fact]
    public void An_unknown_cmd_is_not_echoed_at_length()
    {
        var error = ErrorOf($$"""{"cmd":"{{new string('x', 10_000)}}"}""");

        error.Message.Length.Should().BeLessThan(200);
    }

    [Fact]
    public void A_one_megabyte_line_is_refused_before_it_is_parsed()
    {
        var line = $$"""{"cmd":"send","conversation":"{{Hex}}","text":"{{new string('a', 1024 * 1024)}}"}""";

        ErrorOf(line).Message.Should().Contain("longer than");
    }

    [Fact]
    public void Deeply_nested_json_is_an_error_not_a_stack_overflow()
    {
        var line = "{\"cmd\":\"who\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        ErrorOf(line);
    }

    [Fact]
    public void A_blank_line_is_nothing()
    {
        JsonCommandParser.Parse("   ").Should().BeOfType<ConsoleInput.Nothing>();
    }

    [Fact]
    public void Help_is_a_local_help_request()
    {
        JsonCommandParser.Parse("""{"cmd":"help"}""").Should().BeOfType<ConsoleInput.Help>();
    }
}
