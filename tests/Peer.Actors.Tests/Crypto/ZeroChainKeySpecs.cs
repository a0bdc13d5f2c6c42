using System.Security.Cryptography;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// <summary>
/// Issue 10, finding 3: no chain exists that was not derived from a DH output. A frame sealed under an
/// all-zero chain key, with the associated data and header anyone can take from the clear handshake,
/// is refused in both roles and every state, with no work and no change to the ratchet.
/// </summary>
public sealed class ZeroChainKeySpecs : IDisposable
{
    private readonly ECDsa _aliceIdentity = ECDsa.Create(P384.Curve);
    private readonly ECDsa _bobIdentity = ECDsa.Create(P384.Curve);
    private readonly byte[] _helloFrame;
    private readonly byte[] _replyFrame;
    private readonly DoubleRatchet _alice;
    private readonly DoubleRatchet _bob;

    public ZeroChainKeySpecs()
    {
        var cid = RandomNumberGenerator.GetBytes(16);
        using var dialer = new DialerHandshake(new HandshakePeer(cid, "alice", "bob", _bobIdentity), new EcdsaHandshakeSigner(_aliceIdentity), RandomRatchetKeySource.Instance);
        var listener = new ListenerHandshake(new HandshakePeer(cid, "bob", "alice", _aliceIdentity), new EcdsaHandshakeSigner(_bobIdentity), RandomRatchetKeySource.Instance);
        _helloFrame = dialer.HelloFrame;
        if (!listener.TryAccept(_helloFrame.AsSpan(FrameLimits.Overhead), out var reply, out var bob, out var error)
            || !dialer.TryComplete(reply.AsSpan(FrameLimits.Overhead), out var alice, out error))
            throw new InvalidOperationException($"the handshake failed: {error}");
        _replyFrame = reply;
        _alice = alice;
        _bob = bob;
    }

    public enum State
    {
        DialerBeforeTheListenersFirstFrame,
        DialerAfterTheListenersFirstFrame,
        ListenerBeforeReady,
        ListenerAfterReady,
    }

    [Fact]
    public void A_frame_sealed_under_an_all_zero_chain_key_is_refused_by_the_dialer_with_no_state_change()
    {
        var forged = ZeroChainForgery.Frame(_helloFrame, _replyFrame, PayloadCodec.Encode(new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "forged")));
        var before = _alice.Fingerprint();

        _alice.TryOpen(VectorSession.Body(forged), out var payload, out var failure).Should().BeFalse();

        failure.Should().Be(OpenFailure.NoChain);
        payload.Should().BeEmpty();
        _alice.Fingerprint().Should().Equal(before);
        // And the link works as if nothing had happened.
        _bob.TryOpen(VectorSession.Body(_alice.Seal([1])), out var ready).Should().BeTrue();
        ready.Should().Equal(1);
        _alice.TryOpen(VectorSession.Body(_bob.Seal([2])), out var back).Should().BeTrue();
        back.Should().Equal(2);
    }

    [Fact]
    public void A_zero_chain_forgery_numbered_past_the_first_leaves_no_skipped_key_for_a_second_forgery()
    {
        // Once, the forgery numbered 1 stored the "skipped" key 0 of the zero chain before it threw;
        // the forgery numbered 0 then opened from the store and its text was the peer's.
        var second = ZeroChainForgery.Frame(_helloFrame, _replyFrame, [0x42], n: 1);
        var first = ZeroChainForgery.Frame(_helloFrame, _replyFrame, [0x42], n: 0);
        var before = _alice.Fingerprint();

        _alice.TryOpen(VectorSession.Body(second), out _, out var secondFailure).Should().BeFalse();
        _alice.TryOpen(VectorSession.Body(first), out _, out var firstFailure).Should().BeFalse();

        secondFailure.Should().Be(OpenFailure.NoChain);
        firstFailure.Should().Be(OpenFailure.NoChain);
        _alice.Fingerprint().Should().Equal(before);
    }

    [Theory]
    [InlineData(State.DialerBeforeTheListenersFirstFrame)]
    [InlineData(State.DialerAfterTheListenersFirstFrame)]
    [InlineData(State.ListenerBeforeReady)]
    [InlineData(State.ListenerAfterReady)]
    public void A_zero_chain_forgery_is_refused_in_every_state_of_either_role(State state)
    {
        var target = Reach(state);
        var before = target.Fingerprint();

        for (var n = 0u; n < 3; n++)
        {
            var forged = ZeroChainForgery.Frame(_helloFrame, _replyFrame, [0x42], n);
            target.TryOpen(VectorSession.Body(forged), out var payload, out var failure).Should().BeFalse($"forgery {n} in {state}");
            failure.Should().NotBe(OpenFailure.None);
            payload.Should().BeEmpty();
        }

        target.Fingerprint().Should().Equal(before);
    }

    private DoubleRatchet Reach(State state)
    {
        switch (state)
        {
            case State.DialerBeforeTheListenersFirstFrame:
                return _alice;
            case State.ListenerBeforeReady:
                return _bob;
            case State.ListenerAfterReady:
                _bob.TryOpen(VectorSession.Body(_alice.Seal([1])), out _).Should().BeTrue();
                return _bob;
            default:
                _bob.TryOpen(VectorSession.Body(_alice.Seal([1])), out _).Should().BeTrue();
                _alice.TryOpen(VectorSession.Body(_bob.Seal([2])), out _).Should().BeTrue();
                return _alice;
        }
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _aliceIdentity.Dispose();
        _bobIdentity.Dispose();
    }
}
