using System.Text.Json;
using Encryptio.EndToEnd.Tests.Support;
using Encryptio.Tests.Shared;

namespace Encryptio.EndToEnd.Tests;

/// <summary>Conversations through the directory's relay between real `encryptio peer --json` processes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelaySpecs
{
    private const int MessagesEachWay = 100;

    [Fact]
    public async Task Two_peers_in_always_mode_talk_through_the_relay_100_messages_each_way_exactly_once_and_neither_learns_the_others_address()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice", "--relay", "always");
        var bob = await network.StartPeer("bob", "--relay", "always");
        var aliceAt = await ListeningAt(alice);
        var bobAt = await ListeningAt(bob);

        var conversation = await StartRelayed(alice, bob);

        var marker = $"plaintext-marker-{Guid.NewGuid():N}";
        await ExchangeEachWay(alice, bob, conversation, marker);

        foreach (var (peer, other) in new[] { (alice, bobAt), (bob, aliceAt) })
        {
            peer.Stdout.Should().NotContain(other, $"{peer.Name} must not learn the other's address (stdout)");
            peer.Stderr.Should().NotContain(other, $"{peer.Name} must not learn the other's address (stderr)");
        }
        network.Directory.Stderr.Should().NotContain(marker, "the relay sees only ciphertext and logs no text");
        network.Directory.Stderr.Should().Contain("relay: spliced");
    }

    [Fact]
    public async Task A_fallback_dialer_whose_peer_refuses_connections_is_on_the_relay_within_5_s_and_100_messages_each_way_arrive_once()
    {
        await using var network = await Network.Start();
        // alice dials (her UID sorts first); bob advertises a port where nothing listens: connection refused.
        var closedPort = FreePort.Next();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob", "--advertise", $"127.0.0.1:{closedPort}");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var conversation = await StartRelayed(alice, bob);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "a refused dial moves to the relay at once");

        await ExchangeEachWay(alice, bob, conversation, "through the relay");
    }

    [Fact]
    public async Task A_fallback_dialer_whose_peer_address_accepts_but_never_answers_is_on_the_relay_within_5_s_and_100_messages_each_way_arrive_once()
    {
        // Something at bob's advertised address completes the TCP handshake (the kernel's backlog) and
        // then says nothing: the direct link connects, and no HelloReply ever comes.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob", "--advertise", $"127.0.0.1:{silentPort}");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var conversation = await StartRelayed(alice, bob);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the direct path gets 3 s to answer, then the relay carries it");

        await ExchangeEachWay(alice, bob, conversation, "past the silent port");
    }

    [Fact]
    public async Task A_relayed_conversation_whose_relay_is_killed_and_restarted_resumes_through_a_fresh_token_and_nothing_is_lost()
    {
        await using var network = await Network.Start();
        // always: no direct path to fall back to; the conversation can only come back through the relay.
        var alice = await network.StartPeer("alice", "--relay", "always");
        var bob = await network.StartPeer("bob", "--relay", "always");
        var conversation = await StartRelayed(alice, bob);
        const int Each = 10;
        foreach (var i in Enumerable.Range(0, Each))
        {
            alice.Send(new { cmd = "send", conversation, text = $"before #{i}" });
            bob.Send(new { cmd = "send", conversation, text = $"bob before #{i}" });
        }
        (await Conversations.Received(bob, conversation, Each)).Should().HaveCount(Each);
        (await Conversations.Received(alice, conversation, Each)).Should().HaveCount(Each);
        (await Conversations.Delivered(alice, Each)).Should().OnlyHaveUniqueItems();
        (await Conversations.Delivered(bob, Each)).Should().OnlyHaveUniqueItems();

        // kill -9 of the directory process, relay and all: both relayed links drop, the token is spent.
        network.Directory.Kill();
        await network.Directory.WaitForExit(TimeSpan.FromSeconds(10));
        await alice.Expect("disconnected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
        var whileDown = Enumerable.Range(0, Each).Select(i => $"while the relay is down #{i}").ToArray();
        foreach (var text in whileDown) alice.Send(new { cmd = "send", conversation, text });
        foreach (var text in whileDown) bob.Send(new { cmd = "send", conversation, text = "bob: " + text });
        await network.KillAndRestartDirectory();

        foreach (var peer in new[] { alice, bob })
        {
            var connected = await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(90));
            connected.GetProperty("path").GetString().Should().Be("relay", $"{peer.Name} is back through the restarted relay");
        }
        (await Conversations.Received(bob, conversation, Each)).Select(m => m.Text).Should().Equal(whileDown);
        (await Conversations.Received(alice, conversation, Each)).Select(m => m.Text).Should().Equal(whileDown.Select(t => "bob: " + t));
        (await Conversations.Delivered(alice, Each)).Should().OnlyHaveUniqueItems();
        (await Conversations.Delivered(bob, Each)).Should().OnlyHaveUniqueItems();
        alice.TakeAll("undelivered").Should().BeEmpty("everything waited and went once the relay was back");
        bob.TakeAll("undelivered").Should().BeEmpty();
        network.Directory.Stderr.Should().Contain("fresh relay token for");
    }

    [Fact]
    public async Task Every_byte_that_crosses_the_relay_port_is_recorded_and_no_chat_text_is_among_them()
    {
        // No packet-capture tool here: a recording TCP proxy sits in front of the relay's port, and the
        // directory tells peers to reach the relay there, so every relayed byte crosses it.
        var relayPort = FreePort.Next();
        await using var proxy = new TcpProxy(new Messages.Identity.PeerEndpoint("127.0.0.1", relayPort));
        await using var network = await Network.Start(relayPort, "--relay-advertise", $"{proxy.Endpoint.Host}:{proxy.Endpoint.Port}");
        var alice = await network.StartPeer("alice", "--relay", "always");
        var bob = await network.StartPeer("bob", "--relay", "always");
        var conversation = await StartRelayed(alice, bob);

        var marker = $"the-eagle-lands-at-midnight-{Guid.NewGuid():N}";
        var texts = Enumerable.Range(0, 20).Select(i => $"{marker} #{i:D2}").ToArray();
        foreach (var text in texts)
        {
            alice.Send(new { cmd = "send", conversation, text });
            bob.Send(new { cmd = "send", conversation, text = "re: " + text });
        }
        (await Conversations.Received(bob, conversation, texts.Length)).Select(m => m.Text).Should().Equal(texts);
        (await Conversations.Received(alice, conversation, texts.Length)).Select(m => m.Text).Should().Equal(texts.Select(t => "re: " + t));

        proxy.LinksAccepted.Should().BeGreaterThanOrEqualTo(2, "both peers reached the relay through the recording proxy");
        var recorded = proxy.Recorded();
        recorded.Length.Should().BeGreaterThan(texts.Sum(t => t.Length) * 2, "every relayed byte was recorded");
        foreach (var needle in new[] { marker, marker[..16], "the-eagle-lands" })
        {
            recorded.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle)).Should().Be(-1, $"'{needle}' never crosses the relay port in clear (UTF-8)");
            recorded.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(needle)).Should().Be(-1, $"'{needle}' never crosses the relay port in clear (UTF-16)");
        }
        network.Directory.Stderr.Should().NotContain(marker);
    }

    /// <summary>Proposes, accepts, and checks that both sides report the link up with path "relay".</summary>
    /// <summary>100 messages each way, sent interleaved: each side shows the other's in order, and every one is delivered once.</summary>
    private static async Task ExchangeEachWay(EncryptioProcess alice, EncryptioProcess bob, string conversation, string marker)
    {
        var fromAlice = Enumerable.Range(0, MessagesEachWay).Select(i => $"alice #{i:D3} {marker}").ToArray();
        var fromBob = Enumerable.Range(0, MessagesEachWay).Select(i => $"bob #{i:D3} ✓").ToArray();
        foreach (var (a, b) in fromAlice.Zip(fromBob))
        {
            alice.Send(new { cmd = "send", conversation, text = a });
            bob.Send(new { cmd = "send", conversation, text = b });
        }

        (await Conversations.Received(bob, conversation, MessagesEachWay)).Select(m => m.Text).Should().Equal(fromAlice);
        (await Conversations.Received(alice, conversation, MessagesEachWay)).Select(m => m.Text).Should().Equal(fromBob);
        (await Conversations.Delivered(alice, MessagesEachWay)).Should().OnlyHaveUniqueItems().And.HaveCount(MessagesEachWay);
        (await Conversations.Delivered(bob, MessagesEachWay)).Should().OnlyHaveUniqueItems().And.HaveCount(MessagesEachWay);
    }

    private static async Task<string> StartRelayed(EncryptioProcess proposer, EncryptioProcess invited)
    {
        proposer.Send(new { cmd = "connect", to = new[] { invited.Name } });
        var conversation = (await proposer.Expect("proposed")).GetProperty("conversation").GetString()!;
        await invited.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation);
        invited.Send(new { cmd = "accept", conversation });
        foreach (var peer in new[] { proposer, invited })
        {
            var connected = await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
            connected.GetProperty("path").GetString().Should().Be("relay", $"{peer.Name}'s link goes through the relay");
        }
        return conversation;
    }

    /// The P2P endpoint the peer itself reported binding (only it should ever know it); it advertised only relay.invalid.
    private static Task<string> ListeningAt(EncryptioProcess peer)
    {
        var line = peer.Stdout.Split('\n').First(l => l.Contains("\"event\":\"registered\"", StringComparison.Ordinal));
        var registered = JsonDocument.Parse(line).RootElement;
        registered.GetProperty("advertised").GetString().Should().StartWith("relay.invalid:");
        return Task.FromResult(registered.GetProperty("p2p").GetString()!);
    }
}
