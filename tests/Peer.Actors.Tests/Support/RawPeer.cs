using System.Net;
using System.Net.Sockets;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A plain socket standing in for a hostile or scripted peer: writes arbitrary bytes and reads frames
/// back with the production decoder. Every wait has a deadline.
internal sealed class RawPeer : IDisposable
{
    private readonly FrameDecoder _decoder = new();
    private readonly Queue<Frame> _frames = new();
    private readonly byte[] _buffer = new byte[128 * 1024];

    private RawPeer(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    /// Bytes that <see cref="ClosedWithinAsync"/> read and discarded (a listener that answers a bad
    /// Hello with anything at all has leaked that it accepted it).
    public int DiscardedBytes { get; private set; }

    public static async Task<RawPeer> ConnectAsync(PeerEndpoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port));
        return new RawPeer(socket);
    }

    public static RawPeer Wrap(Socket socket)
    {
        socket.NoDelay = true;
        return new RawPeer(socket);
    }

    public async Task SendAsync(byte[] bytes) => await Socket.SendAsync(bytes, SocketFlags.None);

    /// Each byte in its own send (Nagle off), so the other side sees many tiny reads.
    public async Task SendOneByteAtATimeAsync(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
            await Socket.SendAsync(bytes.AsMemory(i, 1), SocketFlags.None);
    }

    public async Task<Frame> ReadFrameAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_frames.Count == 0)
        {
            var read = await Socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
            if (read == 0) throw new IOException("the link closed while a frame was expected");
            var frames = new List<Frame>();
            _decoder.Feed(_buffer.AsSpan(0, read), frames);
            foreach (var frame in frames) _frames.Enqueue(frame);
        }
        return _frames.Dequeue();
    }

    public async Task<byte[]> ReadExactlyAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var bytes = new byte[count];
        var at = 0;
        while (at < count)
        {
            var read = await Socket.ReceiveAsync(bytes.AsMemory(at), SocketFlags.None, cts.Token);
            if (read == 0) throw new IOException($"the link closed after {at} of {count} bytes");
            at += read;
        }
        return bytes;
    }

    /// True when the other side closes (end of stream or reset) within the timeout, discarding
    /// anything it still sends; false when the link is still open at the deadline.
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var read = await Socket.ReceiveAsync(_buffer, SocketFlags.None, cts.Token);
                if (read == 0) return true;
                DiscardedBytes += read;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public void Dispose() => Socket.Dispose();
}
