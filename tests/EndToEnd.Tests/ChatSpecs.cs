using System.Text.Json;
using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>Encrypted chat between real `encryptio peer --json` processes over real loopback TCP.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChatSpecs
{
    private const int MessagesEachWay = 100;

    [Fact]
    public async Task A_pair_exchanges_100_messages_each_way_in_order_exactly_once_with_receipts()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);

        var marker = $"plaintext-marker-{Guid.NewGuid():N}";
        var fromAlice = Enumerable.Range(0, MessagesEachWay).Select(i => $"alice #{i:D3} {marker}").ToArray();
        var fromBob = Enumerable.Range(0, MessagesEachWay).Select(i => $"bob #{i:D3} ✓").ToArray();
        foreach (var (a, b) in fromAlice.Zip(fromBob))
        {
            alice.Send(new { cmd = "send", conversation, text = a });
            bob.Send(new { cmd = "send", conversation, text = b });
        }

        (await Conversations.Received(bob, conversation, MessagesEachWay)).Select(m => m.Text).Should().Equal(fromAlice);
        (await Conversations.Received(alice, conversation, MessagesEachWay)).Select(m => m.Text).Should().Equal(fromBob);
        (await Conversations.Delivered(alice, MessagesEachWay)).Should().OnlyHaveUniqueItems();
        (await Conversations.Delivered(bob, MessagesEachWay)).Should().OnlyHaveUniqueItems();

        foreach (var process in new[] { alice, bob, network.Directory })
            process.Stderr.Should().NotContain(marker, $"{process.Name}'s log must never carry a message's text");
    }

    [Fact]
    public async Task In_a_group_of_three_everyone_sees_everyone_one_leaving_does_not_end_it_for_the_others_and_the_last_other_leaving_does()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var carol = await network.StartPeer("carol");
        var conversation = await Conversations.Start(alice, bob, carol);

        alice.Send(new { cmd = "send", conversation, text = "from alice" });
        bob.Send(new { cmd = "send", conversation, text = "from bob" });
        carol.Send(new { cmd = "send", conversation, text = "from carol" });

        foreach (var (peer, others) in new[] { (alice, new[] { "from bob", "from carol" }), (bob, new[] { "from alice", "from carol" }), (carol, new[] { "from alice", "from bob" }) })
            (await Conversations.Received(peer, conversation, 2)).Select(m => m.Text).Should().BeEquivalentTo(others);
        foreach (var peer in new[] { alice, bob, carol })
            (await Conversations.Delivered(peer, 2)).Should().HaveCount(2, "each message is acked by both other members");

        carol.Send(new { cmd = "leave", conversation });
        (await carol.Expect("conversation-ended")).GetProperty("reason").GetString().Should().Be("you left");
        await alice.Expect("disconnected", e => e.GetProperty("peer").GetString() == "carol");
        alice.Send(new { cmd = "send", conversation, text = "still here, bob?" });
        (await Conversations.Received(bob, conversation, 1)).Single().Text.Should().Be("still here, bob?");

        bob.Send(new { cmd = "leave", conversation });
        var ended = await alice.Expect("conversation-ended");
        ended.GetProperty("conversation").GetString().Should().Be(conversation);
        ended.GetProperty("reason").GetString().Should().Be("everyone else left");
        alice.Send(new { cmd = "send", conversation, text = "hello?" });
        (await alice.Expect("error", e => e.TryGetProperty("command", out var command) && command.GetString() == "send"))
            .GetProperty("message").GetString().Should().Be($"conversation {conversation} has ended: everyone else left");
        alice.TakeAll("conversation-ended").Should().BeEmpty("it ended once");
    }

    [Fact]
    public async Task A_message_expires_on_both_sides_when_its_ttl_ends()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);

        alice.Send(new { cmd = "ttl", seconds = 1 });
        alice.Send(new { cmd = "send", conversation, text = "gone soon" });
        var id = (await alice.Expect("sent")).GetProperty("id").GetString();
        await bob.Expect("message", e => e.GetProperty("id").GetString() == id);

        await alice.Expect("expired", e => e.GetProperty("id").GetString() == id);
        await bob.Expect("expired", e => e.GetProperty("id").GetString() == id);
        bob.Send(new { cmd = "history", conversation });
        (await bob.Expect("history")).GetProperty("messages").GetArrayLength().Should().Be(0);
    }
}

