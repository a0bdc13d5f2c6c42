using Encryptio.Testing;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class RatchetBehaviourSpecs
{
    [Fact]
    public void Skipping_exactly_1000_keys_in_one_chain_is_allowed()
    {
        using var pair = new RatchetPair();
        var frames = Enumerable.Range(0, 1001).Select(i => RatchetPair.Seal(pair.Alice, i)).ToArray();

        pair.Bob.TryOpen(RatchetPair.Body(frames[1000]), out _).Should().BeTrue();

        pair.Bob.Inspect().SkippedKeys.Should().Be(1000);
        pair.Bob.TryOpen(RatchetPair.Body(frames[0]), out var first).Should().BeTrue("its key was stored");
        BitConverter.ToInt32(first).Should().Be(0);
    }

    [Fact]
    public void A_frame_that_would_skip_1001_keys_fails_to_open_and_changes_nothing()
    {
        using var pair = new RatchetPair();
        var frames = Enumerable.Range(0, 1002).Select(i => RatchetPair.Seal(pair.Alice, i)).ToArray();
        var before = pair.Bob.Fingerprint();

        pair.Bob.TryOpen(RatchetPair.Body(frames[1001]), out _, out var failure).Should().BeFalse();

        failure.Should().Be(OpenFailure.TooManySkipped);
        pair.Bob.Fingerprint().Should().Equal(before);
        pair.Bob.TryOpen(RatchetPair.Body(frames[0]), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void The_skip_bound_applies_to_the_old_chain_through_pn(int unseen, bool opens)
    {
        using var pair = new RatchetPair();
        pair.Bob.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Alice, -1)), out _).Should().BeTrue();
        for (var i = 0; i < unseen; i++) RatchetPair.Seal(pair.Alice, i);
        pair.Alice.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Bob, 0)), out _).Should().BeTrue();
        var next = RatchetPair.Seal(pair.Alice, 7); // new chain, pn = 1 + unseen, Bob's Nr = 1
        var before = pair.Bob.Fingerprint();

        pair.Bob.TryOpen(RatchetPair.Body(next), out _, out var failure).Should().Be(opens);

        if (!opens)
        {
            failure.Should().Be(OpenFailure.TooManySkipped);
            pair.Bob.Fingerprint().Should().Equal(before);
        }
        else
        {
            pair.Bob.Inspect().SkippedKeys.Should().Be(1000);
        }
    }

    [Fact]
    public void A_chain_keeps_at_most_1000_skipped_keys_and_drops_its_oldest_first()
    {
        using var pair = new RatchetPair();
        var frames = Enumerable.Range(0, 2002).Select(i => RatchetPair.Seal(pair.Alice, i)).ToArray();
        pair.Bob.TryOpen(RatchetPair.Body(frames[1000]), out _).Should().BeTrue();

        pair.Bob.TryOpen(RatchetPair.Body(frames[2001]), out _).Should().BeTrue();

        pair.Bob.Inspect().SkippedKeys.Should().Be(RatchetLimits.MaxSkipPerChain);
        pair.Bob.TryOpen(RatchetPair.Body(frames[999]), out _, out var failure).Should().BeFalse("keys 0..999 were the oldest and were dropped");
        failure.Should().Be(OpenFailure.NoKey);
        pair.Bob.TryOpen(RatchetPair.Body(frames[1001]), out _).Should().BeTrue();
        pair.Bob.TryOpen(RatchetPair.Body(frames[2000]), out _).Should().BeTrue();
    }

    [Fact]
    public void A_message_key_opens_its_frame_once_and_a_replay_fails()
    {
        using var pair = new RatchetPair();
        var first = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0));
        var second = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 1));
        pair.Bob.TryOpen(second, out _).Should().BeTrue();
        pair.Bob.TryOpen(first, out _).Should().BeTrue("from a stored skipped key");

        pair.Bob.TryOpen(first, out _, out var f1).Should().BeFalse();
        pair.Bob.TryOpen(second, out _, out var f2).Should().BeFalse();

        f1.Should().Be(OpenFailure.NoKey);
        f2.Should().Be(OpenFailure.NoKey);
        pair.Bob.Inspect().SkippedKeys.Should().Be(0);
    }

    [Fact]
    public void A_body_shorter_than_121_bytes_fails_to_open()
    {
        using var pair = new RatchetPair();
        var body = RatchetPair.Body(pair.Alice.Seal([]));
        body.Should().HaveCount(WireSizes.MinSealedBodyLength);

        pair.Bob.TryOpen(body[..^1], out _, out var failure).Should().BeFalse();
        failure.Should().Be(OpenFailure.TooShort);
        pair.Bob.TryOpen(body, out var payload).Should().BeTrue();
        payload.Should().BeEmpty();
    }

    [Fact]
    public void A_header_key_that_is_not_a_curve_point_fails_to_open()
    {
        using var pair = new RatchetPair();
        var body = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0));
        body[96] ^= 1;
        var before = pair.Bob.Fingerprint();

        pair.Bob.TryOpen(body, out _, out var failure).Should().BeFalse();

        failure.Should().Be(OpenFailure.InvalidHeaderKey);
        pair.Bob.Fingerprint().Should().Equal(before);
    }

    [Fact]
    public void Failed_opens_are_counted_up_to_the_link_limit()
    {
        using var pair = new RatchetPair();
        var body = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0));
        body[^1] ^= 1;

        for (var i = 0; i < RatchetLimits.MaxFailedOpensPerLink; i++)
        {
            pair.Bob.TooManyFailedOpens.Should().BeFalse();
            pair.Bob.TryOpen(body, out _).Should().BeFalse();
        }
        pair.Bob.FailedOpens.Should().Be(32);
        pair.Bob.TooManyFailedOpens.Should().BeTrue();
    }

    [Fact]
    public void The_listener_cannot_seal_before_the_dialers_first_frame_opens()
    {
        using var pair = new RatchetPair();
        var seal = () => pair.Bob.Seal([3]);

        seal.Should().Throw<InvalidOperationException>();
        pair.Bob.TryOpen(RatchetPair.Body(pair.Alice.Seal([3])), out _).Should().BeTrue();
        pair.Bob.CanSeal.Should().BeTrue();
    }

    [Fact]
    public void The_first_frame_of_a_new_chain_carries_pn_equal_to_the_old_chains_length()
    {
        using var pair = new RatchetPair();
        for (var i = 0; i < 3; i++) pair.Bob.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Alice, i)), out _).Should().BeTrue();
        pair.Alice.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Bob, 0)), out _).Should().BeTrue();

        SealedHeaderCodec.TryDecode(RatchetPair.Body(RatchetPair.Seal(pair.Alice, 3)), out var header, out _).Should().BeTrue();

        header!.PreviousChainLength.Should().Be(3);
        header.MessageNumber.Should().Be(0);
    }

    [Fact]
    public void A_disposed_ratchet_zeroes_its_keys_and_opens_nothing()
    {
        var pair = new RatchetPair();
        var frame = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0));
        pair.Dispose();

        var state = pair.Alice.Inspect();
        state.RootKey.Should().OnlyContain(b => b == 0);
        state.SendingChainKey.Should().OnlyContain(b => b == 0);
        pair.Bob.TryOpen(frame, out _, out var failure).Should().BeFalse();
        failure.Should().Be(OpenFailure.Disposed);
        var seal = () => pair.Alice.Seal([3]);
        seal.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_payload_too_large_for_one_frame_is_refused()
    {
        using var pair = new RatchetPair();
        pair.Alice.Seal(new byte[WireSizes.MaxSealedPayloadLength]).Should().HaveCount(FrameLimits.LengthPrefixSize + FrameLimits.MaxLength);
        var seal = () => pair.Alice.Seal(new byte[WireSizes.MaxSealedPayloadLength + 1]);
        seal.Should().Throw<ArgumentException>();
    }
}
