using Akka.Actor;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Crypto;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// <summary>
/// Issue 10, finding 3, at the session: a frame forged under the all-zero chain key (from nothing but
/// the clear handshake) is refused by a real dialing session, which neither shows it nor dies of it;
/// and whatever throws while a frame opens, the frame is dropped and the session goes on.
/// </summary>
public sealed class FailClosedOpenSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    [Fact]
    public async Task A_frame_forged_under_an_all_zero_chain_key_from_the_clear_handshake_is_refused_and_the_session_goes_on()
    {
        var alice = StartNode("alice");
        using var bob = new ScriptedListener();
        var aliceSession = StartSession(alice, SpecFor(alice, new Node("bob", Nobody.Instance, CreateTestProbe(), bob.Endpoint), dialer: true));
        Watch(aliceSession);
        await bob.AcceptAndReplyAsync(Conversation, Pki.User("bob").Certificate, "alice", Pki.PublicCertificate("alice"), Patience);

        // What an observer of the two clear frames can seal: numbered 1 and then 0, since the frame
        // numbered 1 once left the zero chain's key 0 behind in the skipped-key store.
        foreach (var n in new uint[] { 1, 0 })
        {
            var forged = new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, $"forged {n}");
            await bob.Link.SendAsync(ZeroChainForgery.Frame(bob.HelloFrame, bob.HelloReplyFrame, PayloadCodec.Encode(forged), n));
        }
        (await bob.ReceiveAsync(Patience)).Should().BeOfType<ReadyPayload>();
        var genuine = new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "from the real bob");
        await bob.SendAsync(genuine);

        var arrived = alice.Probe.FishForMessage<object>(m => m is ChatArrived or SessionLinkLost, Patience);
        arrived.Should().BeOfType<ChatArrived>().Which.Text.Should().Be("from the real bob");
        alice.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no forged text, no lost link
        ExpectNoMsg(TimeSpan.Zero); // the session did not stop
        (await bob.Link.ClosedWithinAsync(TimeSpan.FromMilliseconds(200))).Should().BeFalse("the link stays up");
    }

    [Fact]
    public void An_exception_while_a_frame_opens_drops_that_frame_and_the_session_and_link_go_on()
    {
        var alice = StartNode("alice");
        var bob = StartNode("bob");
        var ciphers = new List<FaultInjectingCipher>();
        var bobSpec = SpecFor(bob, alice, dialer: false) with
        {
            Ciphers = new CipherSeam(ratchet =>
            {
                var cipher = new FaultInjectingCipher(ratchet);
                lock (ciphers) ciphers.Add(cipher);
                return cipher;
            }),
        };
        var bobSession = StartSession(bob, bobSpec);
        var aliceSession = StartSession(alice, SpecFor(alice, bob, dialer: true));
        alice.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);
        Watch(bobSession);

        lock (ciphers) ciphers.Should().ContainSingle().Which.ThrowOnNextOpen = true;
        aliceSession.Tell(Chat("lost to a bug"));
        aliceSession.Tell(Chat("after the fault"));

        var arrived = bob.Probe.FishForMessage<object>(m => m is ChatArrived or SessionLinkLost or SessionEstablished, Patience);
        arrived.Should().BeOfType<ChatArrived>().Which.Text.Should().Be("after the fault");
        bob.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        ExpectNoMsg(TimeSpan.Zero); // bob's session did not stop
        lock (ciphers) ciphers.Should().ContainSingle("the link was never replaced").Which.Faults.Should().Be(1);
    }

    /// The link's real ratchet, except that the spec can make the next open throw, as a bug would.
    private sealed class FaultInjectingCipher(ILinkCipher inner) : ILinkCipher
    {
        private volatile bool _throwOnNextOpen;
        private int _faults;

        public bool ThrowOnNextOpen { set => _throwOnNextOpen = value; }

        public int Faults => Volatile.Read(ref _faults);

        public byte[] Seal(ReadOnlySpan<byte> payload) => inner.Seal(payload);

        public bool TryOpen(ReadOnlySpan<byte> sealedBody, Span<byte> destination, out int payloadLength, out OpenFailure failure)
        {
            if (_throwOnNextOpen)
            {
                _throwOnNextOpen = false;
                Interlocked.Increment(ref _faults);
                throw new InvalidOperationException("injected fault");
            }
            return inner.TryOpen(sealedBody, destination, out payloadLength, out failure);
        }

        public int FailedOpens => inner.FailedOpens;

        public bool TooManyFailedOpens => inner.TooManyFailedOpens;

        public void Dispose() => inner.Dispose();
    }
}
