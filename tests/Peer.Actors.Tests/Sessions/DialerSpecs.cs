using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// The dialing side against listeners that are not who they should be, and its own link failing.
public sealed class DialerSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public async Task A_HelloReply_signed_by_someone_else_is_refused_and_the_dialer_redials()
    {
        var alice = StartNode("alice");
        var impostor = new TcpListener(IPAddress.Loopback, 0);
        impostor.Start();
        try
        {
            var endpoint = new PeerEndpoint("127.0.0.1", ((IPEndPoint)impostor.LocalEndpoint).Port);
            var bobStandIn = new Node("bob", Nobody.Instance, CreateTestProbe(), endpoint);
            StartSession(alice, SpecFor(alice, bobStandIn, dialer: true));

            using var first = RawPeer.Wrap(await impostor.AcceptSocketAsync().WaitAsync(Patience));
            var hello = await first.ReadFrameAsync(Patience);
            hello.Type.Should().Be(FrameType.Hello);
            // Mallory answers in bob's place: a well-formed reply, but not under bob's key.
            var mallory = new ListenerHandshake(
                new HandshakePeer(Conversation.ToBytes(), "bob", "alice", Pki.PublicCertificate("alice").GetECDsaPublicKey()!),
                new EcdsaHandshakeSigner(Pki.User("mallory").Certificate.GetECDsaPrivateKey()!), RandomRatchetKeySource.Instance);
            mallory.TryAccept(hello.Body, out var reply, out var ratchet, out var error).Should().BeTrue(error.ToString());
            using var _ = ratchet;
            await first.SendAsync(reply!);

            (await first.ClosedWithinAsync(Patience)).Should().BeTrue("the reply does not verify under bob's certificate");
            using var second = RawPeer.Wrap(await impostor.AcceptSocketAsync().WaitAsync(Patience));
            (await second.ReadFrameAsync(Patience)).Type.Should().Be(FrameType.Hello, "the dialer tries again with a new Hello");
            alice.Probe.ExpectNoMsg(TimeSpan.Zero); // never established
        }
        finally
        {
            impostor.Stop();
        }
    }

    [Fact]
    public async Task A_link_child_that_throws_is_stopped_with_a_log_line_and_the_dialer_redials()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var (aliceSession, _) = Connect(alice, bob);
        var link = await Sys.ActorSelection(aliceSession.Path / "dialer" / "link").ResolveOne(Patience);

        EventFilter.Warning(contains: "stopping it").ExpectOne(() =>
            link.Tell(new SendFrame(null!))); // a bug inside the link actor: it throws

        alice.Probe.FishForMessage<SessionLinkLost>(_ => true, Patience).Reason.Should().Be("link actor stopped");
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        var chat = Chat("after the restart of the link");
        aliceSession.Tell(chat);
        bob.Probe.FishForMessage<ChatArrived>(c => c.Id == chat.Id, Patience);
    }
}
