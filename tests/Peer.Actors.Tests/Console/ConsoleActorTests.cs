using Akka.Actor;
using System.Text.Json;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
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

        console.Tell(new ConversationConnected(Conversation, Uid.Parse("bob")));

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

        console.Tell(new ConversationConnected(Conversation, Uid.Parse("bob")));
        input.Send("hello bob");
        node.ExpectMsg(new SendText(Conversation, "hello bob"));
        input.EndOfInput();
        node.ExpectMsg<QuitNode>();
    }

    /// <summary>An input that never ends (until the test ends), so the console does not quit.</summary>
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
