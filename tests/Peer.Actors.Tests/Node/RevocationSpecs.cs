using Encryptio.Testing;
using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>
/// Finding 9 at the peer: the directory forwards the CA's signed revocation notice; real PeerActors
/// end the sessions with that key and refuse to send to it. The directory is not trusted: a notice
/// the CA did not sign, or one that does not come over the directory link, ends nothing.
/// </summary>
public sealed class RevocationSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void A_ca_signed_revocation_notice_ends_the_session_with_that_key_and_a_later_send_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        var notice = KeyRevoked.Sign(Pki.Authority, bob.Uid, Pki.User("bob").Certificate);

        alice.Directory.Send(alice.Node, notice);

        aliceEvents.Next<PeerKeyRevoked>().Should().Be(new PeerKeyRevoked(bob.Uid, notice.Serial, conversation));
        aliceEvents.Next<ConversationEnded>().Should().Be(new ConversationEnded(conversation, "the session with bob ended: bob's key was revoked by the CA"));
        alice.Node.Tell(new SendText(conversation, ChatText.From("are you still bob?")));
        aliceEvents.Next<CommandFailed>().Message.Should().Be($"conversation {conversation} has ended: the session with bob ended: bob's key was revoked by the CA");
        aliceEvents.Seen.OfType<MessageSent>().Should().BeEmpty();
    }

    [Fact]
    public void A_revocation_notice_forged_by_the_directory_without_the_ca_key_is_refused_and_the_session_goes_on()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        var bobEvents = new ProbeLog(bob.Events, Patience);
        // Signed by a CA of the directory's own making, and one with no signature at all.
        var forged = KeyRevoked.Sign(new TestPki("imitation CA").Authority, bob.Uid, Pki.User("bob").Certificate);
        var unsigned = forged with { AuthoritySignature = [] };

        alice.Directory.Send(alice.Node, forged);
        aliceEvents.Next<CommandFailed>().Message.Should().Contain("revocation of bob's key that the CA did not sign");
        alice.Directory.Send(alice.Node, unsigned);
        aliceEvents.Next<CommandFailed>().Message.Should().Contain("revocation of bob's key that the CA did not sign");

        alice.Node.Tell(new SendText(conversation, ChatText.From("still talking")));
        bobEvents.Next<MessageReceived>().Text.Should().Be("still talking");
        aliceEvents.Next<MessageDelivered>();
        aliceEvents.Seen.OfType<PeerKeyRevoked>().Should().BeEmpty();
        aliceEvents.Seen.OfType<ConversationEnded>().Should().BeEmpty();
    }

    [Fact]
    public void A_signed_revocation_notice_that_does_not_come_over_the_directory_link_is_dropped()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        var bobEvents = new ProbeLog(bob.Events, Patience);
        var stranger = CreateTestProbe("stranger");

        stranger.Send(alice.Node, KeyRevoked.Sign(Pki.Authority, bob.Uid, Pki.User("bob").Certificate));

        alice.Node.Tell(new SendText(conversation, ChatText.From("nothing happened")));
        bobEvents.Next<MessageReceived>().Text.Should().Be("nothing happened");
        aliceEvents.Next<MessageDelivered>();
        aliceEvents.Seen.OfType<PeerKeyRevoked>().Should().BeEmpty();
    }
    [Fact]
    public void A_directory_that_introduces_a_key_it_already_carried_a_revocation_for_is_refused()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        alice.Directory.Send(alice.Node, KeyRevoked.Sign(Pki.Authority, bob.Uid, Pki.User("bob").Certificate));
        // No session uses that key yet, so nothing is shown; the directory's later messages come after it.

        // The user agrees to talk with bob; the directory introduces bob with the key the CA revoked.
        var conversation = Agree([alice, bob]);
        alice.Directory.Send(alice.Node, IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid]));

        aliceEvents.Next<CommandFailed>().Message.Should().Be("refused the directory's introduction of bob: the CA revoked that key");
        aliceEvents.Seen.OfType<PeerIntroduced>().Should().BeEmpty();
    }
}
