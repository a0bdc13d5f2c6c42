using Encryptio.Testing;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// A receipt (an Ack under a new ratchet key) may put off the sending half of the DH step; a
/// conversational frame or the maximum hold ends that. The peer needs no support for it.
public sealed class ReceiptDeferralSpecs
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(1);

    private static byte[] Chat(int number) => [(byte)PayloadKind.Chat, .. BitConverter.GetBytes(number)];

    private static byte[] Ack(int number) => [(byte)PayloadKind.Ack, .. BitConverter.GetBytes(number)];

    private static byte[] HeaderKey(byte[] frame) => RatchetPair.Body(frame)[..WireSizes.PublicKeyLength];

    /// Alice has sent once and Bob has answered with a receipt under his first key; returns Alice's key.
    private static byte[] AfterAReceipt(RatchetPair pair)
    {
        var first = pair.Alice.Seal(Chat(0));
        pair.Bob.TryOpen(RatchetPair.Body(first), out _).Should().BeTrue();
        pair.Alice.TryOpen(RatchetPair.Body(pair.Bob.Seal(Ack(0))), out var opened).Should().BeTrue();
        opened.Should().Equal(Ack(0));
        return HeaderKey(first);
    }

    [Fact]
    public void A_receipt_under_a_new_key_opens_but_the_receivers_next_frames_keep_its_current_key()
    {
        using var pair = new RatchetPair();
        pair.Alice.Deferral = new ReceiptDeferral(Hold, new ManualClock());
        var aliceKey = AfterAReceipt(pair);

        pair.Alice.SendingStepOwed.Should().BeTrue();
        var bobKeyBefore = pair.Bob.Inspect().DhrPublic;
        for (var i = 1; i <= 3; i++)
        {
            var frame = pair.Alice.Seal(Chat(i));
            HeaderKey(frame).Should().Equal(aliceKey);
            pair.Bob.TryOpen(RatchetPair.Body(frame), out var opened).Should().BeTrue();
            opened.Should().Equal(Chat(i));
        }
        pair.Bob.Inspect().DhrPublic.Should().Equal(bobKeyBefore, "Bob saw no new key, so he made no DH step");
    }

    [Fact]
    public void A_chat_from_the_peer_ends_the_deferral_and_the_next_frame_carries_a_new_key_the_peer_opens()
    {
        using var pair = new RatchetPair();
        pair.Alice.Deferral = new ReceiptDeferral(Hold, new ManualClock());
        var aliceKey = AfterAReceipt(pair);
        var underOldKey = pair.Alice.Seal(Chat(1));
        pair.Bob.TryOpen(RatchetPair.Body(underOldKey), out _).Should().BeTrue();

        pair.Alice.TryOpen(RatchetPair.Body(pair.Bob.Seal(Chat(100))), out _).Should().BeTrue();
        var turned = pair.Alice.Seal(Chat(2));

        HeaderKey(turned).Should().NotEqual(aliceKey);
        pair.Alice.SendingStepOwed.Should().BeFalse();
        pair.Alice.Inspect().Pn.Should().Be(2, "two frames went out under the previous key");
        pair.Bob.TryOpen(RatchetPair.Body(turned), out var opened).Should().BeTrue();
        opened.Should().Equal(Chat(2));
    }

    [Fact]
    public void The_deferral_ends_at_the_first_seal_after_its_maximum_hold()
    {
        using var pair = new RatchetPair();
        var clock = new ManualClock();
        pair.Alice.Deferral = new ReceiptDeferral(Hold, clock);
        var aliceKey = AfterAReceipt(pair);

        clock.Advance(Hold - TimeSpan.FromMilliseconds(1));
        var held = pair.Alice.Seal(Chat(1));
        HeaderKey(held).Should().Equal(aliceKey);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var turned = pair.Alice.Seal(Chat(2));

        HeaderKey(turned).Should().NotEqual(aliceKey);
        pair.Bob.TryOpen(RatchetPair.Body(held), out _).Should().BeTrue();
        pair.Bob.TryOpen(RatchetPair.Body(turned), out var opened).Should().BeTrue();
        opened.Should().Equal(Chat(2));
    }

    [Fact]
    public void Without_a_deferral_a_receipt_turns_the_key_at_once_in_Signals_order()
    {
        using var pair = new RatchetPair();
        var aliceKey = AfterAReceipt(pair);

        pair.Alice.SendingStepOwed.Should().BeFalse();
        var frame = pair.Alice.Seal(Chat(1));
        HeaderKey(frame).Should().NotEqual(aliceKey);
        pair.Bob.TryOpen(RatchetPair.Body(frame), out _).Should().BeTrue();
    }

    [Fact]
    public void With_the_deferral_the_vector_exchange_is_the_same_bytes_and_the_listener_keys_its_sending_chain_at_its_first_seal()
    {
        using var alice = DoubleRatchet.InitializeAsDialer(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.PublicKey("ephL"),
            FixedKeySource.FromVectors("alice_ratchet_1", "alice_ratchet_2"));
        using var bob = DoubleRatchet.InitializeAsListener(Vectors.Hex("root"), Vectors.Hex("ad"), Vectors.EphemeralKeyPair("ephL"),
            FixedKeySource.FromVectors("bob_ratchet_1", "bob_ratchet_2"));
        alice.Deferral = new ReceiptDeferral(Hold, new ManualClock());
        bob.Deferral = new ReceiptDeferral(Hold, new ManualClock());

        foreach (var (message, index) in Vectors.Messages.Select((m, i) => (m, i)))
        {
            var (sender, receiver) = message.GetProperty("from").GetString() == "alice" ? (alice, bob) : (bob, alice);
            sender.Seal(message.GetProperty("payload").Hex()).Should().Equal(message.GetProperty("sealed_frame").Hex());
            receiver.TryOpen(VectorSession.Body(message.GetProperty("sealed_frame").Hex()), out _).Should().BeTrue();
            if (index != 0) continue;
            bob.Inspect().SendingChainKey.Should().BeNull("Ready opened, but nothing needs bob's sending chain before he seals");
            bob.CanSeal.Should().BeTrue();
        }
    }

    [Fact]
    public void While_our_new_key_is_owed_a_frame_under_another_new_peer_key_fails_at_once_and_changes_nothing()
    {
        using var pair = new RatchetPair();
        pair.Alice.Deferral = new ReceiptDeferral(Hold, new ManualClock());
        AfterAReceipt(pair);
        using var stranger = new RatchetPair();
        var forged = stranger.Alice.Seal(Ack(7)); // a well-formed frame under a key Bob never had
        var before = pair.Alice.Fingerprint();

        pair.Alice.TryOpen(RatchetPair.Body(forged), out _, out var failure).Should().BeFalse();

        failure.Should().Be(OpenFailure.UnexpectedRatchetKey);
        pair.Alice.Fingerprint().Should().Equal(before);
        pair.Alice.FailedOpens.Should().Be(1);
        pair.Bob.TryOpen(RatchetPair.Body(pair.Alice.Seal(Chat(1))), out _).Should().BeTrue("the link goes on");
    }

    [Theory]
    [InlineData(false, 1234)]
    [InlineData(true, 1234)]
    [InlineData(true, 98765)]
    public void Deferring_ratchets_talk_over_a_long_random_exchange_in_any_delivery_order(bool bobDefersToo, int seed)
    {
        var random = new Random(seed);
        var clock = new ManualClock();
        using var pair = new RatchetPair();
        pair.Alice.Deferral = new ReceiptDeferral(Hold, clock);
        if (bobDefersToo) pair.Bob.Deferral = new ReceiptDeferral(Hold, clock); // else Bob keeps Signal's order
        var toBob = new List<(byte[] Frame, byte[] Payload)>();
        var toAlice = new List<(byte[] Frame, byte[] Payload)>();
        var opened = 0;
        var first = Chat(-1);
        pair.Bob.TryOpen(RatchetPair.Body(pair.Alice.Seal(first)), out _).Should().BeTrue(); // Bob's first chain

        for (var i = 0; i < 600; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 40)));
            switch (random.Next(4))
            {
                case 0:
                    var a = random.Next(3) == 0 ? Ack(i) : Chat(i);
                    toBob.Add((pair.Alice.Seal(a), a));
                    break;
                case 1:
                    var b = random.Next(3) == 0 ? Chat(i) : Ack(i);
                    toAlice.Add((pair.Bob.Seal(b), b));
                    break;
                case 2:
                    opened += Deliver(toBob, pair.Bob, random);
                    break;
                default:
                    opened += Deliver(toAlice, pair.Alice, random);
                    break;
            }
        }
        while (toBob.Count > 0) opened += Deliver(toBob, pair.Bob, random);
        while (toAlice.Count > 0) opened += Deliver(toAlice, pair.Alice, random);
        opened.Should().BeGreaterThan(200);
    }

    /// Opens one waiting frame, picked at random among the first few (a little reordering).
    private static int Deliver(List<(byte[] Frame, byte[] Payload)> queue, DoubleRatchet receiver, Random random)
    {
        if (queue.Count == 0) return 0;
        var index = random.Next(Math.Min(3, queue.Count));
        var (frame, payload) = queue[index];
        queue.RemoveAt(index);
        receiver.TryOpen(RatchetPair.Body(frame), out var plain).Should().BeTrue();
        plain.Should().Equal(payload);
        return 1;
    }
}
