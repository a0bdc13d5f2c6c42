using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Testing;
using Encryptio.Peer.Link;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// A link with its ratchet, outside any session: what one end seals onto its link, the other opens.
public sealed class SecureLinkSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Uid Peer = Uid.Parse("bob");

    private static Frame Decode(byte[] bytes)
    {
        var frames = new List<Frame>();
        new FrameDecoder().Feed(bytes, frames);
        return frames.Single();
    }

    [Fact]
    public void What_one_end_seals_onto_its_link_the_other_end_opens()
    {
        using var pair = new RatchetPair();
        var alice = new SecureLink(TestActor, pair.Alice);
        var bob = new SecureLink(TestActor, pair.Bob);
        var chat = new ChatPayload(MessageId.NewRandom(), 1234, 60, "hello");

        var size = alice.Send(chat);

        var frame = ExpectMsg<SendFrame>();
        frame.Bytes.Length.Should().Be(size);
        bob.TryOpen(Decode(frame.Bytes), Sys.Log, Peer, out var payload, out var dropReason).Should().BeTrue();
        dropReason.Should().BeNull();
        payload.Should().Be(chat);
    }

    [Fact]
    public void A_frame_that_is_not_Sealed_asks_for_the_link_to_go_and_a_frame_that_does_not_open_does_not()
    {
        using var pair = new RatchetPair();
        var bob = new SecureLink(TestActor, pair.Bob);

        bob.TryOpen(new Frame(FrameType.Hello, new byte[10]), Sys.Log, Peer, out _, out var dropReason).Should().BeFalse();
        dropReason.Should().Be("protocol violation: Hello on a link past its Hello");

        var garbage = RatchetPair.Body(RatchetPair.Seal(pair.Alice, 1));
        garbage[^1] ^= 1;
        bob.TryOpen(new Frame(FrameType.Sealed, garbage), Sys.Log, Peer, out _, out dropReason).Should().BeFalse();
        dropReason.Should().BeNull("one frame that fails to open is counted, not fatal");
    }
}
