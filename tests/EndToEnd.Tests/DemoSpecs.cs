using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>`encryptio demo`, the first command in the README, as a newcomer runs it: one process, exit 0.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoSpecs
{
    [Fact]
    public async Task The_demo_runs_every_step_and_exits_0_with_no_message_text_in_its_log()
    {
        var (code, stdout, stderr) = await EncryptioProcess.RunToEnd(TimeSpan.FromMinutes(3), "demo");

        code.Should().Be(0, stderr);
        stdout.Should().Contain("== alice proposes a conversation to bob; bob accepts")
            .And.Contain("== a message with a 2 s TTL expires and is dropped from history on both sides")
            .And.Contain("== a group: alice, bob and carol")
            .And.Contain("ended: alice left")
            .And.EndWith("demo: every step completed" + Environment.NewLine);
        stdout.Should().Contain("<alice> hello both of you", "the conversation itself goes to standard output");
        stderr.Should().NotContain("hello both of you", "the log never carries message text");
    }
}
