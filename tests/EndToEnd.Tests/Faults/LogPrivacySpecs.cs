using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// Chat text belongs on the user's screen (stdout, or the --json stream) and nowhere else. The log
/// (stderr) of every process must stay free of it, above all on the paths nobody looks at: a peer
/// dying mid-conversation, and Akka's dead-letter logging, which prints a message's ToString()
/// (forced in-process by DeadLetterPrivacySpecs).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LogPrivacySpecs(ITestOutputHelper output)
{
    private const int AfterTheKill = 40;

    [Fact]
    public async Task A_peer_killed_mid_conversation_leaks_no_chat_text_into_any_log_through_dead_letters()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);
        var marker = $"dead-letter-marker-{Guid.NewGuid():N}";

        for (var i = 0; i < 3; i++)
        {
            alice.Send(new { cmd = "send", conversation, text = $"alice #{i} {marker}" });
            bob.Send(new { cmd = "send", conversation, text = $"bob #{i} {marker}" });
        }
        (await Conversations.Received(bob, conversation, 3)).Should().AllSatisfy(m => m.Text.Should().Contain(marker));
        (await Conversations.Received(alice, conversation, 3)).Should().AllSatisfy(m => m.Text.Should().Contain(marker));
        bob.Stdout.Should().Contain(marker, "the receiving side shows the text to its user");

        // Bob dies without a word while alice keeps talking: her lines now go to links and
        // sessions that are going away, which is where Akka's dead letters come from.
        bob.Kill();
        for (var i = 0; i < AfterTheKill; i++) alice.Send(new { cmd = "send", conversation, text = $"after the kill #{i} {marker}" });
        await bob.WaitForExit(TimeSpan.FromSeconds(10));
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "bob", TimeSpan.FromSeconds(30));
        // Then she leaves while the last lines are still queued for bob: the session stops with them.
        for (var i = 0; i < 10; i++) alice.Send(new { cmd = "send", conversation, text = $"as she leaves #{i} {marker}" });
        alice.Send(new { cmd = "leave", conversation });
        for (var i = 0; i < 10; i++) alice.Send(new { cmd = "send", conversation, text = $"after leaving #{i} {marker}" });
        await alice.Expect("conversation-ended", timeout: TimeSpan.FromSeconds(30));
        await alice.DisposeAsync();
        await network.Directory.DisposeAsync();
        foreach (var process in new[] { alice, bob, network.Directory }) await process.Drained(TimeSpan.FromSeconds(10));

        // Since each conversation owns its outbox, no text goes to an actor that has stopped here, so
        // this run may log no dead letter at all; DeadLetterPrivacySpecs takes that path on purpose.
        foreach (var process in new[] { alice, bob, network.Directory })
        {
            output.WriteLine($"--- {process.Name} stderr ---\n{process.Stderr}");
            process.Stderr.Should().NotContain(marker, $"{process.Name}'s log must never carry a message's text");
        }
    }
}
