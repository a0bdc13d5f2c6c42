using System.Text.RegularExpressions;
using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>What a person sees on standard error: quiet when nothing is wrong, and as quiet as they ask.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class LogSpecs
{
    // Serilog's "[12:00:00.000 WRN]" and, before it starts or after it stops, Akka's own "[Warning]".
    [GeneratedRegex(@"^\[(\S+ (WRN|ERR|FTL)|Warning|Error)\]", RegexOptions.Multiline)]
    private static partial Regex WarningOrError();

    [GeneratedRegex(@"^\[\S+ INF\]", RegexOptions.Multiline)]
    private static partial Regex InfoLine();

    [Fact]
    public async Task A_clean_quit_logs_no_warning()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);
        alice.Send(new { cmd = "send", conversation, text = "bye for now" });
        await Conversations.Delivered(alice, 1);

        alice.Send(new { cmd = "quit" });
        await bob.Expect("conversation-ended");
        bob.Send(new { cmd = "quit" });

        foreach (var peer in new[] { alice, bob })
        {
            (await peer.WaitForExit(TimeSpan.FromSeconds(30))).Should().BeTrue($"{peer.Name} quits");
            await peer.Drained(TimeSpan.FromSeconds(10));
            peer.ExitCode.Should().Be(0);
            WarningOrError().Matches(peer.Stderr).Should().BeEmpty($"a clean /quit is not a problem; {peer.Name}'s log:\n{peer.Stderr}");
            peer.Stderr.Should().NotContain("dead letters", $"nothing is lost on a clean /quit; {peer.Name}'s log:\n{peer.Stderr}");
        }
    }

    [Fact]
    public async Task Log_level_warning_hides_the_info_lines_that_the_default_shows()
    {
        await using var network = await Network.Start();
        var chatty = await network.StartPeer("alice");
        var quiet = await network.StartPeer("bob", "--log-level", "warning");

        quiet.Send(new { cmd = "quit" });
        chatty.Send(new { cmd = "quit" });
        foreach (var peer in new[] { quiet, chatty })
        {
            (await peer.WaitForExit(TimeSpan.FromSeconds(30))).Should().BeTrue($"{peer.Name} quits");
            await peer.Drained(TimeSpan.FromSeconds(10));
        }

        InfoLine().Matches(chatty.Stderr).Should().NotBeEmpty("INFO is the default level");
        InfoLine().Matches(quiet.Stderr).Should().BeEmpty($"--log-level warning hides INFO; bob's log:\n{quiet.Stderr}");
    }
}
