using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// A listening session accepts a Hello only from the member it was introduced to, addressed to itself,
/// signed with that member's identity key. Anything else closes that link, and the session still
/// accepts the genuine dialer afterwards.
public sealed class ForgedHelloSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public async Task A_Hello_addressed_to_another_UID_is_refused_and_the_genuine_dialer_still_gets_in()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        StartSession(bob, SpecFor(bob, alice, dialer: false));
        var alicePrivate = Pki.User("alice").Certificate.GetECDsaPrivateKey()!;
        var bobPublic = Pki.PublicCertificate("bob").GetECDsaPublicKey()!;
        // Genuinely alice's, signed with her key, but meant for carol: must not open a link to bob.
        using var forged = new DialerHandshake(new HandshakePeer(Conversation.ToBytes(), "alice", "carol", bobPublic),
            new EcdsaHandshakeSigner(alicePrivate), RandomRatchetKeySource.Instance);

        await AssertRefused(bob, forged.HelloFrame);
        AssertGenuineDialerGetsIn(alice, bob);
    }

    [Fact]
    public async Task A_Hello_in_alices_name_signed_with_another_key_is_refused_and_the_genuine_dialer_still_gets_in()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        StartSession(bob, SpecFor(bob, alice, dialer: false));
        var malloryKey = Pki.User("mallory").Certificate.GetECDsaPrivateKey()!; // same CA, wrong member
        var bobPublic = Pki.PublicCertificate("bob").GetECDsaPublicKey()!;
        using var forged = new DialerHandshake(new HandshakePeer(Conversation.ToBytes(), "alice", "bob", bobPublic),
            new EcdsaHandshakeSigner(malloryKey), RandomRatchetKeySource.Instance);

        await AssertRefused(bob, forged.HelloFrame);
        AssertGenuineDialerGetsIn(alice, bob);
    }

    [Fact]
    public async Task A_Hello_for_another_conversation_is_refused()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        StartSession(bob, SpecFor(bob, alice, dialer: false));
        var alicePrivate = Pki.User("alice").Certificate.GetECDsaPrivateKey()!;
        var bobPublic = Pki.PublicCertificate("bob").GetECDsaPublicKey()!;
        using var forged = new DialerHandshake(new HandshakePeer(new byte[16], "alice", "bob", bobPublic),
            new EcdsaHandshakeSigner(alicePrivate), RandomRatchetKeySource.Instance);

        await AssertRefused(bob, forged.HelloFrame);
        AssertGenuineDialerGetsIn(alice, bob);
    }

    private static async Task AssertRefused(Node listener, byte[] helloFrame)
    {
        using var client = await RawPeer.ConnectAsync(listener.Endpoint);
        await client.SendAsync(helloFrame);
        // Well inside the 5 s handshake limit: the refusal comes from the check, not from a timeout.
        (await client.ClosedWithinAsync(TimeSpan.FromSeconds(2))).Should().BeTrue("the Hello must not verify");
        client.DiscardedBytes.Should().Be(0, "the listener says nothing until a Hello checks out");
        listener.Probe.ExpectNoMsg(TimeSpan.Zero); // no SessionEstablished, nothing at all
    }

    private void AssertGenuineDialerGetsIn(Node alice, Node bob)
    {
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true));
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience).Peer.Value.Should().Be("alice");
        var chat = Chat("it is really me");
        aliceSession.Tell(chat);
        bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Id.Should().Be(chat.Id);
    }
}
