using System.Net;
using System.Net.Sockets;
using Akka.TestKit.Xunit2;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Actors.Tests.Link;

/// <summary>A relayed link's byte pumps, over a real loopback TCP connection (port 0).</summary>
public sealed class StreamPumpSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _cancel = new();
    private readonly Socket _ours;
    private readonly Socket _theirs;

    public StreamPumpSpecs()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _ours.Connect((IPEndPoint)listener.LocalEndpoint);
        _theirs = listener.AcceptSocket();
    }

    private StreamPump PumpTo(Akka.Actor.IActorRef link) => new(new NetworkStream(_ours, ownsSocket: false), _ours, link, _cancel.Token);

    [Fact]
    public void What_the_peer_sends_comes_back_as_received_bytes_and_its_close_as_the_end()
    {
        var link = CreateTestProbe();
        PumpTo(link.Ref).StartReading();

        _theirs.Send([1, 2, 3]);
        link.ExpectMsg<StreamPump.Received>(Patience).Bytes.Should().Equal(1, 2, 3);
        _theirs.Shutdown(SocketShutdown.Send);
        link.ExpectMsg<StreamPump.ReadEnded>(Patience).Reason.Should().BeNull("the peer closed it: no error");
    }

    [Fact]
    public void A_write_reaches_the_peer_and_is_reported_written()
    {
        var link = CreateTestProbe();
        PumpTo(link.Ref).Write(new byte[] { 9, 8, 7 });

        link.ExpectMsg<StreamPump.Written>(Patience);
        var buffer = new byte[3];
        _theirs.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        _theirs.Receive(buffer).Should().Be(3);
        buffer.Should().Equal(9, 8, 7);
    }

    [Fact]
    public void The_half_close_ends_our_direction_and_the_peer_can_still_send()
    {
        var link = CreateTestProbe();
        var pump = PumpTo(link.Ref);
        pump.StartReading();

        pump.HalfClose();
        _theirs.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        _theirs.Receive(new byte[1]).Should().Be(0, "our end of stream reached the peer");
        _theirs.Send([5]);
        link.ExpectMsg<StreamPump.Received>(Patience).Bytes.Should().Equal(5);
    }

    [Fact]
    public void Once_the_link_has_stopped_nothing_more_is_told()
    {
        var link = CreateTestProbe();
        PumpTo(link.Ref).StartReading();

        _cancel.Cancel();
        _theirs.Send([1]);
        _theirs.Shutdown(SocketShutdown.Both);
        link.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    protected override void Dispose(bool disposing)
    {
        _cancel.Cancel();
        _ours.Dispose();
        _theirs.Dispose();
        base.Dispose(disposing);
    }
}
