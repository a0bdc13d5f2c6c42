using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Link;

/// The ConnectionActor against a plain socket on loopback: framing whatever the chunking, the 64 KiB
/// limit, Write/Ack back-pressure and its bounded queue, and closing.
public sealed class ConnectionActorSpecs(ITestOutputHelper output) : LinkTestKit(output), IDisposable
{
    private readonly TcpListener _server = StartServer();

    private static TcpListener StartServer()
    {
        var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        return server;
    }

    private PeerEndpoint ServerEndpoint => new("127.0.0.1", ((IPEndPoint)_server.LocalEndpoint).Port);

    private async Task<(IActorRef Link, TestProbe Owner, RawPeer Peer)> Dial()
    {
        var owner = CreateTestProbe();
        var link = Sys.ActorOf(ConnectionActor.Dial(ServerEndpoint, owner, TimeSpan.FromSeconds(5)));
        var peer = RawPeer.Wrap(await _server.AcceptSocketAsync().WaitAsync(Patience));
        owner.ExpectMsg<LinkConnected>(Patience);
        return (link, owner, peer);
    }

    private static byte[] Frame(FrameType type, int bodyLength, byte fill) =>
        FrameEncoder.Encode(type, Enumerable.Repeat(fill, bodyLength).ToArray());

    [Fact]
    public async Task Frames_written_one_byte_at_a_time_arrive_whole_and_in_order()
    {
        var (_, owner, peer) = await Dial();
        var frames = new[] { Frame(FrameType.Hello, 0, 0), Frame(FrameType.HelloReply, 193, 7), Frame(FrameType.Sealed, 1000, 9) };

        await peer.SendOneByteAtATimeAsync(frames.SelectMany(f => f).ToArray());

        owner.ExpectMsg<FrameReceived>(Patience).Frame.Should().Match<Frame>(f => f.Type == FrameType.Hello && f.Body.Length == 0);
        owner.ExpectMsg<FrameReceived>(Patience).Frame.Body.Should().Equal(frames[1][5..]);
        var third = owner.ExpectMsg<FrameReceived>(Patience).Frame;
        third.Type.Should().Be(FrameType.Sealed);
        third.Body.Should().Equal(frames[2][5..]);
    }

    [Fact]
    public async Task Many_frames_in_one_write_arrive_as_many_frames_in_order()
    {
        var (_, owner, peer) = await Dial();
        var frames = Enumerable.Range(0, 200).Select(i => Frame(FrameType.Sealed, 121 + i, (byte)i)).ToArray();

        await peer.SendAsync(frames.SelectMany(f => f).ToArray());

        for (var i = 0; i < frames.Length; i++)
            owner.ExpectMsg<FrameReceived>(Patience).Frame.Body.Should().Equal(frames[i][5..], $"frame {i} comes {i}th");
    }

    [Fact]
    public async Task A_frame_of_the_largest_allowed_length_passes_both_ways()
    {
        var (link, owner, peer) = await Dial();
        var largest = Frame(FrameType.Sealed, FrameLimits.MaxBodyLength, 0x5A);

        await peer.SendAsync(largest);
        owner.ExpectMsg<FrameReceived>(Patience).Frame.Body.Length.Should().Be(FrameLimits.MaxBodyLength);

        link.Tell(new SendFrame(largest));
        (await peer.ReadExactlyAsync(largest.Length, Patience)).Should().Equal(largest);
    }

    [Fact]
    public async Task Frames_sent_while_a_write_is_in_flight_are_all_written_in_order()
    {
        var (link, _, peer) = await Dial();
        var frames = Enumerable.Range(0, 300).Select(i => Frame(FrameType.Sealed, 2000 + i, (byte)i)).ToArray();

        foreach (var frame in frames) link.Tell(new SendFrame(frame));

        var expected = frames.SelectMany(f => f).ToArray();
        (await peer.ReadExactlyAsync(expected.Length, Patience)).Should().Equal(expected);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "frame length 0")]
    [InlineData(new byte[] { 0, 1, 0, 1 }, "frame length over 65536")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "frame length over 65536")]
    [InlineData(new byte[] { 0, 0, 0, 2, 9, 0 }, "unknown frame type")]
    public async Task A_bad_frame_header_closes_the_link_and_tells_the_owner_why(byte[] header, string reason)
    {
        var (link, owner, peer) = await Dial();
        Watch(link);

        await peer.SendAsync(header);

        owner.ExpectMsg<LinkClosed>(Patience).Reason.Should().Be(reason);
        (await peer.ClosedWithinAsync(Patience)).Should().BeTrue();
        ExpectTerminated(link, Patience);
    }

    [Fact]
    public async Task A_peer_that_does_not_read_fills_the_bounded_queue_and_the_owner_is_told()
    {
        var (link, owner, peer) = await Dial();
        var big = Frame(FrameType.Sealed, FrameLimits.MaxBodyLength, 1);

        // Far more than the socket buffers and the 1 MiB queue together can hold; the peer reads nothing.
        for (var i = 0; i < 400; i++) link.Tell(new SendFrame(big));

        var overloaded = owner.FishForMessage<LinkOverloaded>(_ => true, Patience);
        overloaded.RefusedFrameBytes.Should().Be(big.Length);
        overloaded.QueuedBytes.Should().BeLessThanOrEqualTo(LinkLimits.MaxQueuedBytes);
        peer.Dispose();
    }

    [Fact]
    public async Task A_graceful_close_writes_what_is_queued_then_half_closes()
    {
        var (link, owner, peer) = await Dial();
        var bye = Frame(FrameType.Sealed, 122, 4);

        link.Tell(new SendFrame(bye));
        link.Tell(new CloseLink("user left", Graceful: true));

        (await peer.ReadExactlyAsync(bye.Length, Patience)).Should().Equal(bye);
        (await peer.ClosedWithinAsync(Patience)).Should().BeTrue("the link half-closes after the Bye");
        peer.Socket.Shutdown(SocketShutdown.Send); // the peer ends its side too
        owner.ExpectMsg<LinkClosed>(Patience).Reason.Should().Be("user left");
    }

    [Fact]
    public async Task A_refused_link_is_closed_with_its_reason()
    {
        var (link, owner, peer) = await Dial();

        link.Tell(new RefuseLink("no session for that conversation"));

        owner.ExpectMsg<LinkClosed>(Patience).Reason.Should().Contain("no session for that conversation");
        (await peer.ClosedWithinAsync(Patience)).Should().BeTrue();
    }

    [Fact]
    public void A_dial_that_cannot_connect_tells_the_owner()
    {
        var port = ((IPEndPoint)_server.LocalEndpoint).Port;
        _server.Stop();
        var owner = CreateTestProbe();

        Sys.ActorOf(ConnectionActor.Dial(new PeerEndpoint("127.0.0.1", port), owner, TimeSpan.FromSeconds(5)));

        owner.ExpectMsg<LinkClosed>(Patience).Reason.Should().StartWith("cannot connect");
    }

    void IDisposable.Dispose() => _server.Stop();
}
