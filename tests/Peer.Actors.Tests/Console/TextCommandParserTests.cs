using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class TextCommandParserTests
{
    private static readonly ConversationId Active = ConversationId.FromBytes(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
    private static readonly ConversationId Pending = ConversationId.FromBytes(Enumerable.Range(101, 16).Select(i => (byte)i).ToArray());

    private static IPeerCommand CommandOf(ConsoleInput input) =>
        input.Should().BeOfType<ConsoleInput.Command>().Subject.Value;

    private static ConsoleInput.Error ErrorOf(ConsoleInput input) =>
        input.Should().BeOfType<ConsoleInput.Error>().Subject;

    [Fact]
    public void A_bare_uid_proposes_a_conversation_when_none_is_active()
    {
        var command = CommandOf(TextCommandParser.Parse("bob", active: null, pending: null));

        command.Should().BeOfType<ConnectTo>().Which.Members.Should().Equal(Uid.Parse("bob"));
    }

    [Fact]
    public void A_bare_uid_with_surrounding_spaces_still_proposes()
    {
        CommandOf(TextCommandParser.Parse("  bob  ", null, null)).Should().BeOfType<ConnectTo>()
            .Which.Members.Should().Equal(Uid.Parse("bob"));
    }

    [Fact]
    public void A_line_is_a_message_to_the_active_conversation_kept_as_typed()
    {
        var command = CommandOf(TextCommandParser.Parse("  hello bob ", Active, null));

        command.Should().Be(new SendText(Active, ChatText.From("  hello bob ")));
    }

    [Fact]
    public void A_uid_typed_in_an_active_conversation_is_a_message_not_a_proposal()
    {
        CommandOf(TextCommandParser.Parse("bob", Active, null)).Should().Be(new SendText(Active, ChatText.From("bob")));
    }

    [Fact]
    public void Enter_accepts_the_pending_proposal()
    {
        CommandOf(TextCommandParser.Parse("", null, Pending)).Should().Be(new AcceptConversation(Pending));
        CommandOf(TextCommandParser.Parse("   ", Active, Pending)).Should().Be(new AcceptConversation(Pending));
    }

    [Fact]
    public void Enter_without_a_pending_proposal_does_nothing()
    {
        TextCommandParser.Parse("", Active, null).Should().BeOfType<ConsoleInput.Nothing>();
    }

    [Fact]
    public void Slash_accept_accepts_the_pending_proposal_and_is_an_error_without_one()
    {
        CommandOf(TextCommandParser.Parse("/accept", null, Pending)).Should().Be(new AcceptConversation(Pending));
        ErrorOf(TextCommandParser.Parse("/accept", null, null)).CommandName.Should().Be("accept");
    }

    [Fact]
    public void Slash_decline_declines_the_pending_proposal()
    {
        CommandOf(TextCommandParser.Parse("/decline", Active, Pending)).Should().Be(new DeclineConversation(Pending));
    }

    [Fact]
    public void Slash_decline_without_a_pending_proposal_is_an_error()
    {
        var error = ErrorOf(TextCommandParser.Parse("/decline", Active, null));

        error.Message.Should().Contain("no pending proposal");
        error.CommandName.Should().Be("decline");
    }

    [Fact]
    public void Slash_connect_with_several_uids_proposes_a_group_in_that_order()
    {
        CommandOf(TextCommandParser.Parse("/connect a b  c", Active, null)).Should().BeOfType<ConnectTo>()
            .Which.Members.Should().Equal(Uid.Parse("a"), Uid.Parse("b"), Uid.Parse("c"));
    }

    [Fact]
    public void Slash_connect_without_uids_shows_its_usage()
    {
        ErrorOf(TextCommandParser.Parse("/connect", null, null)).Message.Should().Contain("usage: /connect UID");
    }

    [Fact]
    public void Slash_connect_with_an_invalid_uid_names_the_bad_uid_and_the_rule()
    {
        var error = ErrorOf(TextCommandParser.Parse("/connect bob Eve", null, null));

        error.Message.Should().Contain("'Eve'").And.Contain("lowercase letter");
        error.CommandName.Should().Be("connect");
    }

    [Fact]
    public void Slash_verify_asks_for_the_safety_number_of_one_uid()
    {
        CommandOf(TextCommandParser.Parse("/verify bob", Active, null)).Should().Be(new VerifyPeer(Uid.Parse("bob")));
    }

    [Fact]
    public void Slash_verify_without_exactly_one_uid_shows_its_usage()
    {
        ErrorOf(TextCommandParser.Parse("/verify", null, null)).Message.Should().Be("usage: /verify UID");
        ErrorOf(TextCommandParser.Parse("/verify bob eve", null, null)).Message.Should().Be("usage: /verify UID");
    }

    [Fact]
    public void Slash_verify_with_an_invalid_uid_is_an_error_naming_the_rule()
    {
        var error = ErrorOf(TextCommandParser.Parse("/verify 9lives", null, null));

        error.Message.Should().Contain("'9lives'").And.Contain("must start with a lowercase letter");
        error.CommandName.Should().Be("verify");
    }

    [Fact]
    public void Slash_trust_accepts_a_changed_key()
    {
        CommandOf(TextCommandParser.Parse("/trust bob", null, null)).Should().Be(new TrustPeer(Uid.Parse("bob")));
    }

    [Fact]
    public void Slash_ttl_sets_the_lifetime_in_seconds()
    {
        CommandOf(TextCommandParser.Parse("/ttl 90", Active, null)).Should().Be(new SetTtl(MessageTtl.FromSeconds(90)));
    }

    [Theory]
    [InlineData("/ttl")]
    [InlineData("/ttl soon")]
    [InlineData("/ttl 1 2")]
    public void Slash_ttl_without_one_integer_shows_its_usage(string line)
    {
        var error = ErrorOf(TextCommandParser.Parse(line, Active, null));

        error.Message.Should().Be("usage: /ttl SECONDS");
        error.CommandName.Should().Be("ttl");
    }

    [Fact]
    public void Slash_who_lists_who_is_online()
    {
        CommandOf(TextCommandParser.Parse("/who", Active, null)).Should().BeSameAs(ListOnline.Instance);
    }

    [Theory]
    [InlineData("/quit")]
    [InlineData("/exit")]
    [InlineData("/QUIT")]
    public void Slash_quit_stops_the_node(string line)
    {
        CommandOf(TextCommandParser.Parse(line, Active, null)).Should().BeSameAs(QuitNode.AskFirst);
    }

    [Fact]
    public void Slash_leave_leaves_the_active_conversation_and_is_an_error_without_one()
    {
        CommandOf(TextCommandParser.Parse("/leave", Active, null)).Should().Be(new LeaveConversation(Active));
        ErrorOf(TextCommandParser.Parse("/leave", null, null)).CommandName.Should().Be("leave");
    }

    [Fact]
    public void Slash_history_shows_the_active_conversation()
    {
        CommandOf(TextCommandParser.Parse("/history", Active, null)).Should().Be(new ShowHistory(Active));
    }

    [Theory]
    [InlineData("/help")]
    [InlineData("/?")]
    public void Slash_help_shows_the_help(string line)
    {
        TextCommandParser.Parse(line, Active, Pending).Should().BeOfType<ConsoleInput.Help>();
    }

    [Fact]
    public void The_help_text_lists_every_command()
    {
        foreach (var command in new[] { "/connect", "/accept", "/decline", "/who", "/verify", "/trust", "/ttl", "/history", "/leave", "/quit" })
            TextCommandParser.HelpText.Should().Contain(command);
    }

    [Fact]
    public void An_unknown_slash_command_is_an_error_pointing_at_help()
    {
        var error = ErrorOf(TextCommandParser.Parse("/frobnicate now", Active, null));

        error.Message.Should().Contain("/frobnicate").And.Contain("/help");
    }

    [Theory]
    [InlineData("Bob")]
    [InlineData("hello bob")]
    [InlineData("9lives")]
    public void Text_that_is_not_a_uid_without_an_active_conversation_is_an_error_naming_the_rule(string line)
    {
        var error = ErrorOf(TextCommandParser.Parse(line, null, null));

        error.Message.Should().Contain("no active conversation").And.Contain("UID");
    }
}
