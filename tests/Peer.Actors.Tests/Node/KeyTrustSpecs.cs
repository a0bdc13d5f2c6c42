using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Actors.Tests.Support;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>
/// /trust pins the key the user was shown by /verify, and nothing else: a directory that swaps in
/// yet another key between the two cannot have it pinned, and introductions carrying any key but
/// the verified one stay blocked.
/// </summary>
public sealed class KeyTrustSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void Trust_refuses_a_key_that_arrived_after_verify_showed_another()
    {
        var (alice, bob) = AliceWhoKnowsBob();
        var second = Agree([alice, bob]);
        var third = Agree([alice, bob]);
        var events = new ProbeLog(alice.Events, Patience);

        IntroduceWithNewKey(alice, bob, second);
        events.Next<PeerKeyChanged>();
        alice.Node.Tell(new VerifyPeer(bob.Uid));
        var shown = events.Next<SafetyNumberComputed>();
        IntroduceWithNewKey(alice, bob, third);
        events.Next<PeerKeyChanged>();

        alice.Node.Tell(new TrustPeer(bob.Uid));

        events.Next<CommandFailed>().Message.Should().Be("bob's key changed again since /verify showed it; run /verify bob again");
        alice.Node.Tell(new VerifyPeer(bob.Uid));
        events.Next<SafetyNumberComputed>().Number.Should().NotBe(shown.Number, "the newest key is the one to compare now");
    }

    [Fact]
    public void Trust_admits_only_the_introductions_that_carry_the_verified_key()
    {
        var (alice, bob) = AliceWhoKnowsBob();
        var second = Agree([alice, bob]);
        var third = Agree([alice, bob]);
        var events = new ProbeLog(alice.Events, Patience);
        IntroduceWithNewKey(alice, bob, second);
        IntroduceWithNewKey(alice, bob, third);
        // The directory's word reaches the node through its directory client: both are in before /verify.
        events.Next<PeerKeyChanged>();
        events.Next<PeerKeyChanged>();

        alice.Node.Tell(new VerifyPeer(bob.Uid));
        events.Next<SafetyNumberComputed>();
        alice.Node.Tell(new TrustPeer(bob.Uid));

        events.Next<CommandFailed>(f => f.Command == "trust").Message
            .Should().Be("1 introduction(s) of bob carry another key than the one you verified and stay blocked");
        alice.Node.Tell(new SendText(second, ChatText.From("to the key I never saw")));
        events.Next<CommandFailed>(f => f.Command == "send").Message.Should().StartWith("sending is blocked: the identity key of bob changed");
        alice.Node.Tell(new SendText(third, ChatText.From("to the key I verified")));
        events.Next<MessageSent>().Conversation.Should().Be(third);
    }

    [Fact]
    public void Trust_without_a_verify_first_is_refused()
    {
        var (alice, bob) = AliceWhoKnowsBob();
        var second = Agree([alice, bob]);
        var events = new ProbeLog(alice.Events, Patience);
        IntroduceWithNewKey(alice, bob, second);
        events.Next<PeerKeyChanged>();

        alice.Node.Tell(new TrustPeer(bob.Uid));

        events.Next<CommandFailed>().Message.Should().Be("run /verify bob first and compare the safety number with them");
    }

    /// <summary>Alice has talked with bob before: his real key is pinned.</summary>
    private (Member Alice, Member Bob) AliceWhoKnowsBob()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        Introduce([alice, bob]);
        return (alice, bob);
    }

    /// <summary>The directory introduces bob to alice under a key issued anew for his UID (the CA's holder can).</summary>
    private void IntroduceWithNewKey(Member alice, Member bob, ConversationId conversation)
    {
        using var forged = CertificateIssuer.IssueUser(Pki.Authority, bob.Uid);
        var intro = IntroductionOf(alice, bob, conversation, [alice.Uid, bob.Uid]) with { PeerCertificateDer = [.. forged.RawData] };
        alice.Directory.Send(alice.Node, intro);
    }
}
