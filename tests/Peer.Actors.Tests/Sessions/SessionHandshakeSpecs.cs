using Akka.Actor;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

public sealed class SessionHandshakeSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public void A_dialer_and_a_listener_shake_hands_over_loopback_and_carry_a_message_each_way()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceSession, bobSession) = Connect(alice, bob);

        var hello = Chat("hello bob");
        aliceSession.Tell(hello);
        var arrived = bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience);
        arrived.Id.Should().Be(hello.Id);
        arrived.Text.Should().Be("hello bob");
        arrived.From.Value.Should().Be("alice");
        arrived.SentAt.Should().Be(hello.SentAt);
        arrived.Ttl.Should().Be(hello.Ttl.Span);
        alice.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience).Ids.Should().Contain(hello.Id);

        var reply = Chat("hi alice");
        bobSession.Tell(reply);
        var back = alice.Probe.FishForMessage<ChatArrived>(_ => true, Patience);
        back.Id.Should().Be(reply.Id);
        back.Text.Should().Be("hi alice");
        bob.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience).Ids.Should().Contain(reply.Id);
    }
}
