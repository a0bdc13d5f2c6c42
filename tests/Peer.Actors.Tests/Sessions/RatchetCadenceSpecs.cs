using System.Security.Cryptography;
using Akka.Actor;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// How often real sessions turn the DH ratchet: every conversational turn, but not for every burst of
/// receipts (see ReceiptDeferral). Each new ratchet key pair is one key taken from the key source.
public sealed class RatchetCadenceSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private const int Messages = 200;

    [Fact]
    public void One_way_traffic_makes_no_DH_step_while_receipts_are_all_that_come_back()
    {
        var keys = Connect(new ReceiptDeferral(TimeSpan.FromHours(1), TimeProvider.System), out var alice, out _, out var aliceNode, out _);
        // Bob makes his first sending key when he seals his first Ack: part of setting up, not a DH step.
        alice.Tell(Chat("first"));
        aliceNode.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience);
        var afterFirstAck = keys.Taken;

        SendAndAwaitAcks(alice, aliceNode);

        keys.Taken.Should().Be(afterFirstAck, "alice keeps her key while only Acks arrive, so bob never sees a new one");
    }

    [Fact]
    public void Without_the_deferral_every_receipt_burst_turns_the_ratchet_in_Signals_order()
    {
        var keys = Connect(null, out var alice, out _, out var aliceNode, out _);
        var afterHandshake = keys.Taken;

        SendAndAwaitAcks(alice, aliceNode);

        keys.Taken.Should().BeGreaterThan(afterHandshake, "each Ack under a new key made alice, then bob, take a DH step");
    }

    [Fact]
    public void A_reply_turns_the_ratchet_at_once_even_with_the_deferral()
    {
        var keys = Connect(new ReceiptDeferral(TimeSpan.FromHours(1), TimeProvider.System), out var alice, out var bob, out var aliceNode, out var bobNode);
        SendAndAwaitAcks(alice, aliceNode);
        var beforeReply = keys.Taken;

        bob.Tell(Chat("a reply"));
        aliceNode.Probe.FishForMessage<ChatArrived>(_ => true, Patience);
        bobNode.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience);
        alice.Tell(Chat("and an answer"));
        bobNode.Probe.FishForMessage<ChatArrived>(m => m.Text == "and an answer", Patience);

        keys.Taken.Should().BeGreaterThan(beforeReply, "the reply is a turn of the conversation: alice's next frame carries a new key");
    }

    private CountingKeySource Connect(ReceiptDeferral? deferral, out IActorRef alice, out IActorRef bob, out Node aliceNode, out Node bobNode)
    {
        var keys = new CountingKeySource();
        aliceNode = StartNode("alice");
        bobNode = StartNode("bob");
        bob = StartSession(bobNode, SpecFor(bobNode, aliceNode, dialer: false) with { KeySource = keys, ReceiptDeferral = deferral });
        alice = StartSession(aliceNode, SpecFor(aliceNode, bobNode, dialer: true) with { KeySource = keys, ReceiptDeferral = deferral });
        aliceNode.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bobNode.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        return keys;
    }

    private void SendAndAwaitAcks(IActorRef alice, Node aliceNode)
    {
        for (var i = 0; i < Messages; i++) alice.Tell(Chat($"message {i}"));
        for (var acked = 0; acked < Messages;) acked += aliceNode.Probe.FishForMessage<ChatsAcknowledged>(_ => true, Patience).Ids.Count;
    }

    private sealed class CountingKeySource : IRatchetKeySource
    {
        private int _taken;

        public int Taken => Volatile.Read(ref _taken);

        public ECDiffieHellman NextKeyPair()
        {
            Interlocked.Increment(ref _taken);
            return P384.GenerateKeyPair();
        }
    }
}
