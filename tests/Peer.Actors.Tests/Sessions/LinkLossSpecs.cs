using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// Sessions over a real TCP proxy that records every byte on the wire (a cut link and its resends: DeliverySpecs).
public sealed class LinkLossSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
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
        alice.Probe.FishForMessage<ChatsAcknowledged>(a => a.Ids.Contains(toBob.Id), Patience);
        bob.Probe.FishForMessage<ChatsAcknowledged>(a => a.Ids.Contains(toAlice.Id), Patience);

        var wire = proxy.Recorded();
        wire.Length.Should().BeGreaterThan(2 * marker.Length, "the messages did cross the proxy");
        foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            IndexOf(wire, encoding.GetBytes("secret-marker-")).Should().Be(-1, $"no {encoding.WebName} plaintext on the wire");
        foreach (var id in new[] { toBob.Id, toAlice.Id })
            IndexOf(wire, id.ToArray()).Should().Be(-1, "message ids travel inside the AEAD too");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
