using Akka.Actor;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Node;

/// The text console's /quit never throws away a waiting message without saying so first.
public sealed class QuitSpecs(ITestOutputHelper output) : PeerNodeTestKit(output)
{
    [Fact]
    public void Quit_asked_while_messages_wait_for_an_absent_member_says_how_many_would_be_lost_and_does_not_quit()
    {
        var alice = StartMember("alice");
        var bob = StartMember("bob");
        var conversation = Introduce([alice, bob]);
        var aliceEvents = new ProbeLog(alice.Events, Patience);
        Watch(bob.Node);
        Sys.Stop(bob.Node);
        ExpectTerminated(bob.Node, Patience);
        aliceEvents.Next<PeerDisconnected>();

        alice.Node.Tell(new SendText(conversation, ChatText.From("are you still there?")));
        alice.Node.Tell(new SendText(conversation, ChatText.From("hello?")));
        aliceEvents.Next<MessageSent>();
        aliceEvents.Next<MessageSent>();
        alice.Node.Tell(QuitNode.AskFirst);

        aliceEvents.Next<QuitHeld>().Should().Be(new QuitHeld(2));
        aliceEvents.Seen.OfType<NodeStopping>().Should().BeEmpty("nothing is lost without the user's second word");
    }
}
