using Akka.Event;
using Akka.TestKit.Xunit2;
using Encryptio.Peer.Node;
using Encryptio.Peer.Console;

namespace Encryptio.Peer.Actors.Tests.Console;

/// <summary>
/// A line typed before any conversation is open is most likely a message: the text console takes it
/// for a UID, refuses it, and must neither log it nor echo it (the error may end in dead letters).
/// </summary>
public sealed class ConsoleLogPrivacySpecs() : TestKit("akka.loglevel = DEBUG")
{
    private const string Typed = "meet me at the SECRET-MARKER";

    [Fact]
    public void A_message_typed_before_any_conversation_is_open_is_not_echoed_into_the_log()
    {
        var node = CreateTestProbe();
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(LogEvent));
        var output = new StringWriter();

        Sys.ActorOf(ConsoleActor.Props(node.Ref, new StringReader(Typed + "\n"), output, json: false));

        node.ExpectMsg<QuitNode>(); // the line was refused, then end of input
        var refused = logs.FishForMessage<LogEvent>(e => e.Message.ToString()!.Contains("console input refused"));
        refused.ToString().Should().NotContain("SECRET-MARKER");
        output.ToString().Should().Contain("no active conversation").And.NotContain("SECRET-MARKER");
    }

    [Fact]
    public void The_error_for_a_line_that_is_not_a_uid_does_not_echo_the_line()
    {
        var input = TextCommandParser.Parse(Typed, active: null, pending: null);

        var error = input.Should().BeOfType<ConsoleInput.Error>().Subject;
        error.Message.Should().Contain("no active conversation").And.Contain("UID").And.NotContain("SECRET-MARKER");
    }
}
