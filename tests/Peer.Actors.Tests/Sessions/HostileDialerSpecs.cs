using Akka.Actor;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;
using Encryptio.Peer.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// A dialer that holds alice's real key but misbehaves after the Hello: the listening session
/// counts what it must count, closes what it must close, and never shows what did not open.
public sealed class HostileDialerSpecs(ITestOutputHelper output) : LinkTestKit(output)
{
    private async Task<(Node Bob, ScriptedDialer Dialer)> Handshaken(TimeSpan? handshakeTimeout = null, TimeSpan? listenerTimeout = null)
    {
        var bob = StartNode("bob", listenerTimeout);
        var spec = SpecFor(bob, new Node("alice", Nobody.Instance, CreateTestProbe(), bob.Endpoint), dialer: false);
        StartSession(bob, handshakeTimeout is null ? spec : spec with { HandshakeTimeout = handshakeTimeout.Value });
        var dialer = await ScriptedDialer.ConnectAsync(bob.Endpoint, Conversation, Pki.User("alice").Certificate, "bob", Pki.PublicCertificate("bob"));
        await dialer.CompleteHandshakeAsync(Patience);
        return (bob, dialer);
    }

    [Fact]
    public async Task Thirty_one_frames_that_fail_to_open_are_survived_and_the_thirty_second_closes_the_link()
    {
        var (bob, dialer) = await Handshaken();
        using var _ = dialer;
        await dialer.SendAsync(ReadyPayload.Instance);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);

        for (var i = 0; i < 31; i++) await dialer.SendUnopenableAsync();
        var chat = new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "still readable");
        await dialer.SendAsync(chat);
        bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Id.Should().Be(chat.Id);

        await dialer.SendUnopenableAsync();
        bob.Probe.FishForMessage<SessionLinkLost>(_ => true, Patience).Reason.Should().Contain("32");
        (await dialer.Link.ClosedWithinAsync(Patience)).Should().BeTrue();
    }

    [Fact]
    public async Task A_payload_that_opens_but_does_not_parse_is_counted_and_the_link_goes_on()
    {
        var (bob, dialer) = await Handshaken();
        using var _ = dialer;
        await dialer.SendAsync(ReadyPayload.Instance);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);

        await dialer.SendSealedBytesAsync([0x09, 1, 2, 3]); // unknown payload kind
        await dialer.SendSealedBytesAsync([(byte)PayloadKind.Bye, 0]); // Bye with a body
        var chat = new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "after the junk");
        await dialer.SendAsync(chat);

        bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Text.Should().Be("after the junk");
        bob.Probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_first_payload_that_is_not_Ready_closes_the_link()
    {
        var (bob, dialer) = await Handshaken();
        using var _ = dialer;

        await dialer.SendAsync(new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "too early"));

        (await dialer.Link.ClosedWithinAsync(Patience)).Should().BeTrue();
        bob.Probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // neither established nor a message shown
    }

    [Fact]
    public async Task A_dialer_that_never_sends_Ready_is_closed_at_the_handshake_limit()
    {
        var (bob, dialer) = await Handshaken(TimeSpan.FromMilliseconds(700));
        using var _ = dialer;

        (await dialer.Link.ClosedWithinAsync(Patience)).Should().BeTrue();
        bob.Probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task The_handshake_limit_of_an_inbound_link_counts_from_the_accept_not_from_the_hand_over()
    {
        // The session alone would wait 30 s; the link's own deadline from accept is 700 ms.
        var (bob, dialer) = await Handshaken(TimeSpan.FromSeconds(30), listenerTimeout: TimeSpan.FromMilliseconds(700));
        using var _ = dialer;

        (await dialer.Link.ClosedWithinAsync(TimeSpan.FromSeconds(5))).Should().BeTrue();
        bob.Probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task An_authenticated_inbound_link_outlives_the_handshake_limit()
    {
        var (bob, dialer) = await Handshaken(listenerTimeout: TimeSpan.FromMilliseconds(500));
        using var _ = dialer;
        await dialer.SendAsync(ReadyPayload.Instance);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);

        (await dialer.Link.ClosedWithinAsync(TimeSpan.FromSeconds(1))).Should().BeFalse("the handshake is done, the deadline is off");
        var chat = new ChatPayload(MessageId.NewRandom(), 1_700_000_000_000, 60, "later");
        await dialer.SendAsync(chat);
        bob.Probe.FishForMessage<ChatArrived>(_ => true, Patience).Id.Should().Be(chat.Id);
    }

    [Fact]
    public async Task A_second_Hello_on_an_established_link_closes_it()
    {
        var (bob, dialer) = await Handshaken();
        using var _ = dialer;
        await dialer.SendAsync(ReadyPayload.Instance);
        bob.Probe.FishForMessage<SessionEstablished>(_ => true, Patience);

        await dialer.Link.SendAsync(FrameEncoder.Encode(FrameType.Hello, new byte[200]));

        bob.Probe.FishForMessage<SessionLinkLost>(_ => true, Patience).Reason.Should().Contain("Hello");
        (await dialer.Link.ClosedWithinAsync(Patience)).Should().BeTrue();
    }
}
