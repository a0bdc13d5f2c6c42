using Akka.Actor;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Tests.Shared;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// A listener that still holds a working link and gets a new verified Hello keeps the old link
/// until the new one is Ready: the real dialer replaces it, a replayed Hello cannot.
public sealed class LinkReplacementSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public async Task A_replayed_Hello_does_not_take_down_the_established_link()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var bobSession = StartSession(bob, SpecFor(bob, alice, dialer: false) with { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true, dialTo: proxy.Endpoint));
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        var capturedHello = FirstFrameBytes(proxy.Recorded());

        using var replay = await RawPeer.ConnectAsync(bob.Endpoint);
        await replay.SendAsync(capturedHello);
        (await replay.ReadFrameAsync(Patience)).Type.Should().Be(FrameType.HelloReply, "the replayed Hello does verify");
        (await replay.ClosedWithinAsync(Patience)).Should().BeTrue("without ephD's private key it never sends Ready");

        var chat = Chat("the old link still works");
        aliceSession.Tell(chat);
        var bobEvents = new ProbeLog(bob.Probe, Patience);
        bobEvents.Next<ChatArrived>().Id.Should().Be(chat.Id);
        alice.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience).Ids.Should().Contain(chat.Id);
        bobEvents.Seen.OfType<SessionLinkLost>().Should().BeEmpty();
        proxy.LinksAccepted.Should().Be(1);
    }

    [Fact]
    public async Task When_only_the_dialer_sees_the_link_drop_its_new_link_replaces_the_listeners_old_one()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        await using var proxy = new TcpProxy(bob.Endpoint);
        var (aliceSession, bobSession) = Connect(alice, bob, dialTo: proxy.Endpoint);
        var bobEvents = new ProbeLog(bob.Probe, Patience);

        proxy.CutDialerSideOnly();
        alice.Probe.FishForMessage<SessionLinkLost>(_ => true, Patience);
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bobEvents.Next<SessionLinkLost>().Reason.Should().Be("replaced by a new link from the peer");
        bobEvents.Next<SessionEstablished>();

        var toBob = Chat("over the new link");
        var toAlice = Chat("and back");
        aliceSession.Tell(toBob);
        bobSession.Tell(toAlice);
        bobEvents.Next<ChatArrived>().Id.Should().Be(toBob.Id);
        alice.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Id.Should().Be(toAlice.Id);
    }

    private static byte[] FirstFrameBytes(byte[] stream)
    {
        var frames = new List<Frame>();
        new FrameDecoder().Feed(stream, frames);
        frames[0].Type.Should().Be(FrameType.Hello, "the dialer speaks first");
        return FrameEncoder.Encode(frames[0].Type, frames[0].Body);
    }
}
