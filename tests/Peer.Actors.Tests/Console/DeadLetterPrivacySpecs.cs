using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Console;

/// <summary>
/// Akka's dead-letter log prints a message it could not deliver. Every in-process message that
/// carries chat text, sent to an actor that has stopped, must reach that log without its text: the
/// path a peer that dies mid-conversation used to take in the end-to-end run (LogPrivacySpecs), which
/// no longer sends text to a stopped actor, taken here on purpose with the node's own dead-letter settings.
/// </summary>
public sealed class DeadLetterPrivacySpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(PeerConfig.Load("akka.log-dead-letters = 100\nakka.log-dead-letters-during-shutdown = off"), output: output)
{
    private const string Marker = "dead-letter-marker-0123456789";

    [Fact]
    public void Chat_text_sent_to_a_stopped_actor_reaches_the_dead_letter_log_without_its_text()
    {
        var logged = CreateTestProbe();
        Sys.EventStream.Subscribe(logged.Ref, typeof(Info));
        var gone = Sys.ActorOf(Props.Empty, "gone");
        Watch(gone);
        Sys.Stop(gone);
        ExpectTerminated(gone);
        var conversation = ConversationId.New();
        var text = ChatText.From($"meet me at noon {Marker}");

        gone.Tell(new SendText(conversation, text));
        gone.Tell(new SendChat(MessageId.NewRandom(), text, DateTimeOffset.UtcNow, MessageTtl.FromSeconds(60)));
        gone.Tell(new ChatArrived(conversation, Uid.Parse("bob"), MessageId.NewRandom(), text.Value, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        gone.Tell(new MessageReceived(conversation, Uid.Parse("bob"), "id", text.Value, DateTimeOffset.UtcNow));

        var lines = new List<string>();
        while (lines.Count(l => l.Contains("dead letters encountered")) < 4)
            lines.Add(logged.ExpectMsg<Info>(TimeSpan.FromSeconds(10)).Message?.ToString() ?? "");
        foreach (var line in lines) output.WriteLine(line);
        lines.Should().Contain(l => l.Contains(nameof(SendChat)), "the log says what was lost");
        lines.Should().NotContain(l => l.Contains(Marker), "a dead letter must never carry a message's text into the log");
    }
}
