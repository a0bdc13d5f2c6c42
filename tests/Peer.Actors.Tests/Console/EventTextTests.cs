using System.Text.Json;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class EventTextTests
{
    // As the node relays the directory's CommandRefused for a Propose (DirectoryClientActor).
    private static readonly CommandFailed NotOnline = new("not online: bob, carol", "connect");

    [Fact]
    public void A_proposal_to_someone_not_online_points_the_person_at_the_text_console_to_who()
    {
        EventText.Render(NotOnline).Should().Be("! not online: bob, carol (see /who for who is online)");
    }

    [Fact]
    public void The_json_console_keeps_the_directory_reason_word_for_word()
    {
        using var document = JsonDocument.Parse(EventJson.Render(NotOnline));

        document.RootElement.GetProperty("event").GetString().Should().Be("error");
        document.RootElement.GetProperty("message").GetString().Should().Be("not online: bob, carol");
        document.RootElement.GetProperty("command").GetString().Should().Be("connect");
    }

    [Fact]
    public void An_expired_message_is_said_to_be_dropped_from_history_not_falsely_claimed_erased()
    {
        var conversation = Encryptio.Messages.Identity.ConversationId.FromBytes(Convert.FromHexString("00112233445566778899aabbccddeeff"));

        var line = EventText.Render(new MessageExpired(conversation, "0123456789abcdef"));

        line.Should().Be("* message 01234567 expired: dropped from history (freed, not wiped; your screen keeps what it showed)");
        line.Should().NotContain("erased", "a .NET string cannot be wiped and the terminal keeps what it printed");
    }

    [Fact]
    public void A_proposal_of_a_conversation_with_messages_waiting_says_how_many()
    {
        var conversation = Encryptio.Messages.Identity.ConversationId.FromBytes(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        var alice = Encryptio.Messages.Identity.Uid.Parse("alice");
        var bob = Encryptio.Messages.Identity.Uid.Parse("bob");

        EventText.Render(new ProposalArrived(conversation, alice, [alice, bob]) { Waiting = 40 })
            .Should().Be("* alice invites you to a conversation with alice, bob (00112233445566778899aabbccddeeff); 40 messages waiting. Press Enter to accept, /decline to refuse.");
    }

    [Fact]
    public void The_end_of_a_conversation_is_one_line_naming_it_and_why()
    {
        var conversation = Encryptio.Messages.Identity.ConversationId.FromBytes(Convert.FromHexString("00112233445566778899aabbccddeeff"));

        EventText.Render(new ConversationEnded(conversation, "bob left"))
            .Should().Be("* conversation 00112233445566778899aabbccddeeff ended: bob left");
    }

    [Fact]
    public void The_first_time_the_directory_is_unavailable_the_console_says_what_to_check_and_not_again_on_retries()
    {
        var first = EventText.Render(new DirectoryUnavailable("no directory at x", 1, TimeSpan.FromSeconds(1)));
        var second = EventText.Render(new DirectoryUnavailable("no directory at x", 2, TimeSpan.FromSeconds(2)));

        first.Should().Contain("encryptio directory").And.Contain("--directory HOST:PORT");
        second.Should().Be("* directory unavailable (no directory at x); retrying in 2s");
    }

    [Fact]
    public void Other_failures_are_printed_as_they_are()
    {
        EventText.Render(new CommandFailed("rate limited: more than 20 requests at once; slow down", "connect"))
            .Should().Be("! rate limited: more than 20 requests at once; slow down");
    }
}
