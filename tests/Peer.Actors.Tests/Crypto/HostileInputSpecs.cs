using Encryptio.Testing;
using CsCheck;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

public sealed class HostileInputSpecs
{
    [Fact]
    public void Random_sealed_bodies_never_throw_and_never_change_the_ratchet()
    {
        using var pair = new RatchetPair();
        pair.Bob.TryOpen(RatchetPair.Body(RatchetPair.Seal(pair.Alice, 0)), out _).Should().BeTrue();
        var header = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 1))[..WireSizes.SealedHeaderLength];
        var before = pair.Bob.Fingerprint();

        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool).Sample((bytes, keepHeader) =>
        {
            // Half the time behind a genuine header, so the chain code runs, not just the length check.
            var body = keepHeader ? [.. header, .. bytes] : bytes;
            pair.Bob.TryOpen(body, out var payload).Should().BeFalse();
            payload.Should().BeEmpty();
        }, iter: 300, threads: 1);

        pair.Bob.Fingerprint().Should().Equal(before);
    }

    [Fact]
    public void Random_hello_and_reply_bodies_fail_the_handshake_without_throwing()
    {
        // A failed TryComplete leaves the dialer waiting, so one dialer serves every sample.
        using var session = new VectorSession();
        Gen.Byte.Array[0, 260].Sample(bytes =>
        {
            var listener = VectorSession.NewListener(new FixedKeySource());
            listener.TryAccept(bytes, out _, out _, out var error).Should().BeFalse();
            error.Should().NotBe(HandshakeError.None);

            session.Dialer.TryComplete(bytes, out _, out _).Should().BeFalse();
        }, iter: 200, threads: 1);
    }
}
