using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// The dialer reaches its peer only through the spec's link factory: the seam a relayed link uses.
public sealed class LinkFactorySpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public void A_dialer_makes_every_link_through_its_specs_link_factory_wherever_that_leads()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var bobSession = StartSession(bob, SpecFor(bob, alice, dialer: false));
        // Like a relay, the factory does not go where the introduction said: it reaches bob another way.
        var nowhere = new PeerEndpoint("127.0.0.1", 9);
        var factory = new Redirecting(bob.Endpoint, TestActor);
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: nowhere) with { LinkFactory = factory });

        ExpectMsg<PeerEndpoint>(Patience).Should().Be(nowhere, "the factory is asked for a link to the introduced endpoint");
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);

        var chat = Chat("through the factory's link");
        aliceSession.Tell(chat);
        bob.Probe.FishForMessage<ChatArrived>(a => a.Id == chat.Id, Patience);
        alice.Probe.FishForMessage<ChatsAcknowledged>(a => a.Ids.Contains(chat.Id), Patience);
        bobSession.Should().NotBeNull();
    }

    private sealed class Redirecting(PeerEndpoint actual, IActorRef asked) : ILinkFactory
    {
        public Props Dial(PeerEndpoint? endpoint, IActorRef owner, TimeSpan handshakeTimeout)
        {
            asked.Tell(endpoint!);
            return DirectTcpLinkFactory.Instance.Dial(actual, owner, handshakeTimeout);
        }
    }
}
