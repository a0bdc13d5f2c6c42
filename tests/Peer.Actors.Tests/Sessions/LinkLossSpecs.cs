using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// Sessions over a real TCP proxy that can cut the network and records every byte on the wire.
public sealed class LinkLossSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public async Task A_link_cut_mid_conversation_is_redialed_with_a_new_handshake_and_every_message_arrives_exactly_once()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceSession, bobSession) = Connect(alice, bob, dialTo: proxy.Endpoint);
        var aliceEvents = new ProbeLog(alice.Probe, Patience);
        var bobEvents = new ProbeLog(bob.Probe, Patience);

        var acked = Chat("acked before the cut");
        aliceSession.Tell(acked);
        aliceEvents.Next<ChatAcknowledged>(a => a.Id == acked.Id);

        // Bob gets these, but his Acks are lost on the way back: Alice must resend them all and
        // Bob must show each of them only once.
        proxy.SwallowReplies = true;
        var before = Enumerable.Range(0, 10).Select(i => Chat($"before {i}")).ToList();
        foreach (var chat in before) aliceSession.Tell(chat);
        var firstShown = before.Select(c => c.Id).ToHashSet();
        bobEvents.Until(seen => firstShown.IsSubsetOf(seen.OfType<ChatArrived>().Select(a => a.Id)), "bob shows the messages");
        aliceEvents.Seen.OfType<ChatAcknowledged>().Should().ContainSingle("the later acks were swallowed");
        proxy.CutAll();
        aliceEvents.Next<SessionLinkLost>().Peer.Value.Should().Be("bob");
        bobEvents.Next<SessionLinkLost>().Peer.Value.Should().Be("alice");

        var during = Enumerable.Range(0, 10).Select(i => Chat($"while down {i}")).ToList();
        foreach (var chat in during) aliceSession.Tell(chat);
        var fromBob = Chat("bob was away too");
        bobSession.Tell(fromBob);

        aliceEvents.Next<SessionEstablished>();
        bobEvents.Next<SessionEstablished>();
        proxy.LinksAccepted.Should().Be(2, "one new link, with a new handshake");

        var all = before.Concat(during).Append(acked).Select(c => c.Id).ToHashSet();
        aliceEvents.Until(seen => all.IsSubsetOf(seen.OfType<ChatAcknowledged>().Select(a => a.Id)), "every message acknowledged");
        aliceEvents.Seen.OfType<ChatNotDelivered>().Should().BeEmpty();
        aliceEvents.Seen.OfType<ChatAcknowledged>().Select(a => a.Id).Should().OnlyHaveUniqueItems("each message is acknowledged once");
        bobEvents.Drain(TimeSpan.FromMilliseconds(200));
        var arrived = bobEvents.Seen.OfType<ChatArrived>().ToList();
        arrived.Select(a => a.Id).Should().OnlyHaveUniqueItems("a message is shown once, however often it was sent");
        arrived.Select(a => a.Id).Should().BeEquivalentTo(all);
        arrived.Single(a => a.Id == before[^1].Id).SentAt.Should().Be(before[^1].SentAt, "a resent message keeps its sentAt");

        aliceEvents.Until(seen => seen.OfType<ChatArrived>().Any(a => a.Id == fromBob.Id), "bob's message arrives");
        bobEvents.Until(seen => seen.OfType<ChatAcknowledged>().Any(a => a.Id == fromBob.Id), "bob's message acknowledged");
    }

    [Fact]
    public async Task No_plaintext_crosses_the_wire()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceSession, bobSession) = Connect(alice, bob, dialTo: proxy.Endpoint);
        var marker = $"secret-marker-{Guid.NewGuid():N}-ünïcødé";

        var toBob = Chat(marker);
        var toAlice = Chat(marker + " back");
        aliceSession.Tell(toBob);
        bobSession.Tell(toAlice);
        bob.Probe.FishForMessage<ChatArrived>(a => a.Id == toBob.Id, Patience).Text.Should().Be(marker);
        alice.Probe.FishForMessage<ChatArrived>(a => a.Id == toAlice.Id, Patience).Text.Should().Be(marker + " back");
        alice.Probe.FishForMessage<ChatAcknowledged>(a => a.Id == toBob.Id, Patience);
        bob.Probe.FishForMessage<ChatAcknowledged>(a => a.Id == toAlice.Id, Patience);

        var wire = proxy.Recorded();
        wire.Length.Should().BeGreaterThan(2 * marker.Length, "the messages did cross the proxy");
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            IndexOf(wire, encoding.GetBytes("secret-marker-")).Should().Be(-1, $"no {encoding.WebName} plaintext on the wire");
        foreach (var id in new[] { toBob.Id, toAlice.Id })
            IndexOf(wire, id.ToArray()).Should().Be(-1, "message ids travel inside the AEAD too");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
