using Akka.Actor;
using System.Text.Json;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

public sealed class ConsoleActorTests : TestKit
{
    private const string Hex = "00112233445566778899aabbccddeeff";
    private static readonly ConversationId Conversation = ConversationId.FromBytes(Convert.FromHexString(Hex));

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void A_json_who_line_reaches_the_node_as_ListOnline_and_end_of_input_quits()
    {
        var node = CreateTestProbe();
        var output = new StringWriter();

        Sys.ActorOf(ConsoleActor.Props(node.Ref, new StringReader("{\"cmd\":\"who\"}\n"), output, json: true));

        node.ExpectMsg<ListOnline>();
        node.ExpectMsg<QuitNode>();
        output.ToString().Should().BeEmpty("JSON mode prints only events");
    }

    [Fact]
    public void A_bad_json_line_prints_an_error_event_and_the_next_good_line_still_arrives()
    {
        var node = CreateTestProbe();
        var output = new StringWriter();
        var input = new StringReader("this is not json\n{\"cmd\":\"frobnicate\"}\n{\"cmd\":\"who\"}\n");

        Sys.ActorOf(ConsoleActor.Props(node.Ref, input, output, json: true));

        node.ExpectMsg<ListOnline>();
        node.ExpectMsg<QuitNode>();
        var events = Lines(output).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
        events.Should().HaveCount(2);
        events.Should().OnlyContain(e => e.GetProperty("event").GetString() == "error");
        events[0].GetProperty("message").GetString().Should().Contain("not a JSON object");
        events[1].GetProperty("command").GetString().Should().Be("frobnicate");
    }

    [Fact]
    public void Events_from_the_node_are_printed_as_json_lines()
    {
        var node = CreateTestProbe();
        var output = new StringWriter();
        var console = Sys.ActorOf(ConsoleActor.Props(node.Ref, new BlockingReader(), output, json: true));

        console.Tell(new ConversationConnected(Conversation, Uid.Parse("bob")), node.Ref);

        AwaitAssert(() =>
        {
            var line = Lines(output).Should().ContainSingle().Subject;
            var e = JsonDocument.Parse(line).RootElement;
            e.GetProperty("event").GetString().Should().Be("connected");
            e.GetProperty("conversation").GetString().Should().Be(Hex);
        });
    }

    [Fact]
    public void In_text_mode_enter_accepts_the_proposal_that_arrived_and_a_line_is_then_a_message()
    {
        var node = CreateTestProbe();
        var input = new LineFeeder();
        var console = Sys.ActorOf(ConsoleActor.Props(node.Ref, input, TextWriter.Synchronized(new StringWriter()), json: false));

        console.Tell(new ProposalArrived(Conversation, Uid.Parse("bob"), [Uid.Parse("alice"), Uid.Parse("bob")]));
        input.Send("");
        node.ExpectMsg(new AcceptConversation(Conversation));

        console.Tell(new ConversationConnected(Conversation, Uid.Parse("bob")), node.Ref);
        input.Send("hello bob");
        node.ExpectMsg(new SendText(Conversation, ChatText.From("hello bob")));
        input.EndOfInput();
        node.ExpectMsg<QuitNode>();
    }

    private static readonly ConversationId WithBob = ConversationId.FromBytes(Convert.FromHexString("b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"));
    private static readonly ConversationId WithCarol = ConversationId.FromBytes(Convert.FromHexString("ca01ca01ca01ca01ca01ca01ca01ca01"));

    [Fact]
    public void After_leave_lines_go_to_the_most_recently_active_conversation_still_open_and_the_console_says_which()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), node.Ref);
        console.Tell(new ConversationConnected(WithCarol, Uid.Parse("carol")), node.Ref);

        input.Send("/leave");
        node.ExpectMsg(new LeaveConversation(WithCarol));
        input.Send("back to you, bob");

        node.ExpectMsg(new SendText(WithBob, ChatText.From("back to you, bob")));
        AwaitAssert(() => Lines(output).Should().ContainSingle(line => line.StartsWith("* leaving conversation"))
            .Which.Should().Be($"* leaving conversation {WithCarol}; lines now go to conversation {WithBob} with bob"));
    }

    [Fact]
    public void After_leaving_the_only_conversation_a_plain_line_gets_the_no_active_conversation_hint_and_goes_nowhere()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), node.Ref);

        input.Send("/leave");
        node.ExpectMsg(new LeaveConversation(WithBob));
        input.Send("are you still there?");
        input.Send("/who");

        node.ExpectMsg<ListOnline>(); // the line before it reached nobody
        AwaitAssert(() =>
        {
            var lines = Lines(output);
            lines.Should().Contain($"* leaving conversation {WithBob}; no active conversation now; type a UID to propose one (/who lists who is online)");
            lines.Should().ContainSingle(line => line.StartsWith("! no active conversation; type a UID to propose one"));
        });
    }

    [Fact]
    public void When_the_active_proposal_is_declined_lines_go_to_the_conversation_still_open()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ProposalSent(WithCarol, [Uid.Parse("alice"), Uid.Parse("carol")])); // active: nothing else was
        console.Tell(new PeerIntroduced(WithBob, Uid.Parse("bob"), Dialer: false, new PeerEndpoint("127.0.0.1", 40123)));
        console.Tell(new ConversationDeclined(WithCarol, Uid.Parse("carol"), "busy"));

        input.Send("still with bob");

        node.ExpectMsg(new SendText(WithBob, ChatText.From("still with bob")));
        AwaitAssert(() => Lines(output).Should().Contain($"* lines now go to conversation {WithBob} with bob"));
    }

    [Fact]
    public void A_reproposal_that_expires_or_is_declined_leaves_the_conversation_in_focus()
    {
        var (node, input, _, console) = StartConsole(json: false);
        var conversation = CreateTestProbe();
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), conversation.Ref);

        console.Tell(new ProposalTimedOut(WithBob) { Rejoin = true });
        console.Tell(new ConversationDeclined(WithBob, Uid.Parse("bob"), "went offline") { Rejoin = true });
        input.Send("still here for bob");

        conversation.ExpectMsg<SendText>().Text.Should().Be(ChatText.From("still here for bob"));
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void When_everyone_else_leaves_the_active_conversation_lines_go_to_the_most_recent_one_still_open_and_the_console_says_which()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), node.Ref);
        console.Tell(new ConversationConnected(WithCarol, Uid.Parse("carol")), node.Ref);

        console.Tell(new ConversationEnded(WithCarol, "carol left"));
        input.Send("back to you, bob");

        node.ExpectMsg(new SendText(WithBob, ChatText.From("back to you, bob")));
        AwaitAssert(() => Lines(output).Should().ContainInConsecutiveOrder(
            $"* conversation {WithCarol} ended: carol left",
            $"* lines now go to conversation {WithBob} with bob"));
    }

    [Fact]
    public void When_the_only_conversation_ends_a_plain_line_gets_the_no_active_conversation_hint_and_goes_nowhere()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), node.Ref);

        console.Tell(new ConversationEnded(WithBob, "bob left"));
        input.Send("are you still there?");
        input.Send("/who");

        node.ExpectMsg<ListOnline>(); // the line before it reached nobody
        AwaitAssert(() =>
        {
            var lines = Lines(output);
            lines.Should().ContainInConsecutiveOrder(
                $"* conversation {WithBob} ended: bob left",
                "* no active conversation now; type a UID to propose one (/who lists who is online)");
            lines.Should().ContainSingle(line => line.StartsWith("! no active conversation; type a UID to propose one"));
        });
    }

    [Fact]
    public void A_conversation_that_ends_after_the_user_left_it_does_not_move_the_focus_again()
    {
        var (node, input, output, console) = StartConsole(json: false);
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), node.Ref);
        console.Tell(new ConversationConnected(WithCarol, Uid.Parse("carol")), node.Ref);
        input.Send("/leave");
        node.ExpectMsg(new LeaveConversation(WithCarol));

        console.Tell(new ConversationEnded(WithCarol, "you left"));
        input.Send("still with bob");

        node.ExpectMsg(new SendText(WithBob, ChatText.From("still with bob")));
        AwaitAssert(() =>
        {
            var lines = Lines(output);
            lines.Should().Contain($"* conversation {WithCarol} ended: you left");
            lines.Where(line => line.Contains("lines now go to")).Should().ContainSingle("only the /leave moved the focus");
        });
    }

    [Fact]
    public void In_json_mode_an_ended_conversation_is_printed_as_a_conversation_ended_event()
    {
        var node = CreateTestProbe();
        var output = new StringWriter();
        var console = Sys.ActorOf(ConsoleActor.Props(node.Ref, new BlockingReader(), TextWriter.Synchronized(output), json: true));

        console.Tell(new ConversationEnded(Conversation, "bob left"));

        AwaitAssert(() =>
        {
            var line = Lines(output).Should().ContainSingle("the JSON console has no focus to report").Subject;
            var e = JsonDocument.Parse(line).RootElement;
            e.GetProperty("event").GetString().Should().Be("conversation-ended");
            e.GetProperty("conversation").GetString().Should().Be(Hex);
            e.GetProperty("reason").GetString().Should().Be("bob left");
        });
    }

    /// <summary>An input that never ends (until the test ends), so the console does not quit.</summary>
    /// A console fed line by line, writing to a string, talking to a probe in the node's place.
    [Fact]
    public void A_line_for_a_conversation_that_connected_goes_straight_to_it_with_the_TTL_the_user_set()
    {
        var (node, input, _, console) = StartConsole(json: false);
        var conversation = CreateTestProbe();
        console.Tell(new ConversationConnected(WithBob, Uid.Parse("bob")), conversation.Ref);

        input.Send("/ttl 90");
        node.ExpectMsg(new SetTtl(MessageTtl.FromSeconds(90)));
        input.Send("straight to the conversation");

        conversation.ExpectMsg(new SendText(WithBob, ChatText.From("straight to the conversation"), MessageTtl.FromSeconds(90)));
        node.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Quit_with_messages_waiting_asks_once_then_quits()
    {
        var (node, input, output, _) = StartConsole(json: false);

        input.Send("/quit");
        node.ExpectMsg(QuitNode.AskFirst);
        node.Reply(new QuitHeld(3));
        AwaitAssert(() => output.ToString().Should().Contain("3 message(s) still wait for delivery and would be lost"));
        input.Send("/quit");

        node.ExpectMsg(QuitNode.Instance);
    }

    private (Akka.TestKit.TestProbe Node, LineFeeder Input, StringWriter Output, IActorRef Console) StartConsole(bool json)
    {
        var node = CreateTestProbe();
        var input = new LineFeeder();
        var output = new StringWriter();
        var console = Sys.ActorOf(ConsoleActor.Props(node.Ref, input, TextWriter.Synchronized(output), json));
        return (node, input, output, console);
    }

    private sealed class BlockingReader : TextReader
    {
        private readonly ManualResetEventSlim _never = new();
        public override string? ReadLine() { _never.Wait(); return null; }
        public override int Read() { _never.Wait(); return -1; }
        protected override void Dispose(bool disposing) { _never.Set(); base.Dispose(disposing); }
    }

    /// <summary>An input the test types into line by line.</summary>
    private sealed class LineFeeder : TextReader
    {
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = new();
        public void Send(string line) => _lines.Add(line);
        public void EndOfInput() => _lines.CompleteAdding();
        private string _current = "";
        private int _next;
        public override string? ReadLine() => _lines.TryTake(out var line, Timeout.Infinite) ? line : null;

        // The console reads character by character (to bound line length): feed each line plus '\n'.
        public override int Read()
        {
            while (_next >= _current.Length)
            {
                if (!_lines.TryTake(out var line, Timeout.Infinite)) return -1;
                _current = line + "\n";
                _next = 0;
            }
            return _current[_next++];
        }
    }
}
