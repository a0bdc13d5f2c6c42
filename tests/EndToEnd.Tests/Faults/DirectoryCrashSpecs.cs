using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>kill -9 of the directory, restarted on the same port: P2P goes on, peers come back by themselves.</summary>
[Collection(EndToEndWaitingCollection.Name)]
public sealed class DirectoryCrashSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task A_directory_killed_and_restarted_leaves_conversations_untouched_and_every_peer_re_registers_by_itself()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var carol = await network.StartPeer("carol");
        var conversation = await Conversations.Start(alice, bob);

        network.Directory.Kill();
        var clock = Stopwatch.StartNew();
        await network.Directory.WaitForExit(TimeSpan.FromSeconds(10));

        // The P2P link does not go through the directory: messages keep flowing while it is down.
        for (var i = 0; i < 20; i++)
        {
            alice.Send(new { cmd = "send", conversation, text = $"while the directory is down #{i}" });
            bob.Send(new { cmd = "send", conversation, text = $"bob too #{i}" });
        }
        (await Conversations.Received(bob, conversation, 20)).Should().HaveCount(20);
        (await Conversations.Received(alice, conversation, 20)).Should().HaveCount(20);
        (await Conversations.Delivered(alice, 20)).Should().OnlyHaveUniqueItems();
        var flowedWithin = clock.Elapsed;

        // Each peer notices the loss (DeathWatch) and retries with its backoff; no one tells it to.
        await alice.Expect("directory-unavailable", timeout: TimeSpan.FromSeconds(40));
        var noticedAfter = clock.Elapsed;
        await network.KillAndRestartDirectory();
        var restartedAfter = clock.Elapsed;
        var back = new Dictionary<string, TimeSpan>();
        foreach (var peer in new[] { alice, bob, carol })
        {
            await peer.Expect("registered", timeout: TimeSpan.FromSeconds(60));
            back[peer.Name] = clock.Elapsed;
        }

        // New proposals work again, and the old conversation is still up.
        var fresh = await Conversations.Start(carol, alice);
        carol.Send(new { cmd = "send", conversation = fresh, text = "hello after the restart" });
        (await Conversations.Received(alice, fresh, 1)).Single().Text.Should().Be("hello after the restart");
        bob.Send(new { cmd = "send", conversation, text = "old conversation still up" });
        (await Conversations.Received(alice, conversation, 1)).Single().Text.Should().Be("old conversation still up");
        alice.TakeAll("disconnected").Should().BeEmpty("the P2P link never dropped");

        output.WriteLine($"directory kill -9: 40 P2P messages delivered within {flowedWithin.TotalSeconds:0.0} s while it was down; " +
                         $"alice noticed after {noticedAfter.TotalSeconds:0.0} s; restarted at {restartedAfter.TotalSeconds:0.0} s; " +
                         $"re-registered: {string.Join(", ", back.Select(b => $"{b.Key} {(b.Value - restartedAfter).TotalSeconds:0.0} s after the restart"))}");
    }
}
