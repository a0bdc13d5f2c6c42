using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// How a session ends: with a Bye that both sides report (what became of its messages is the conversation's: DeliverySpecs).
public sealed class SessionLifecycleSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public void Closing_a_session_says_Bye_and_both_sides_end_it()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceSession, _) = Connect(alice, bob);
        Watch(aliceSession);

        aliceSession.Tell(new CloseSession("alice left"));

        bob.Probe.FishForMessage<SessionEnded>(_ => true, Patience).Reason.Should().Be("peer left");
        alice.Probe.FishForMessage<SessionEnded>(_ => true, Patience).Reason.Should().Be("alice left");
        ExpectTerminated(aliceSession, Patience);
    }
}
