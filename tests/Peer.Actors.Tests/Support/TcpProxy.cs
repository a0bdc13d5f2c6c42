using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A real TCP proxy on loopback between a dialer and a listener: forwards bytes both ways, can cut
/// every open link at once (the network failing, not a peer closing politely), and records every byte
/// that crossed it so specs can look at the wire.
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    // Value: true for the dialer-facing socket of a link, false for the target-facing one.
    private readonly ConcurrentDictionary<Socket, bool> _sockets = new();
    private volatile bool _sparingTargets;
    private readonly MemoryStream _recording = new();
    private readonly Task _accepting;
    private int _linksAccepted;

    public TcpProxy(PeerEndpoint target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Endpoint = new PeerEndpoint("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);
        _accepting = AcceptLoop();
    }

    public PeerEndpoint Endpoint { get; }

    public int LinksAccepted => Volatile.Read(ref _linksAccepted);

    /// While true, bytes from the target back to the dialer are swallowed (the listener's answers,
    /// such as Acks, are lost on the way). Meant to be followed by <see cref="CutAll"/>: a stream with
    /// a hole in it is no good to anyone. Reset by the cut.
    public volatile bool SwallowReplies;

    /// Every byte forwarded so far, both directions interleaved in arrival order.
    public byte[] Recorded()
    {
        lock (_recording) return _recording.ToArray();
    }

    /// Resets every open link (RST, no FIN): both ends see the link drop without a Bye.
    public void CutAll()
    {
        SwallowReplies = false; // new links start whole
        _sparingTargets = false;
        foreach (var socket in _sockets.Keys)
        {
            _sockets.TryRemove(socket, out _);
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// Resets only the dialer-facing side of every open link: the dialer sees its link drop, while the
    /// listener's side stays open and silent (a half-dead link it cannot tell from an idle one).
    public void CutDialerSideOnly()
    {
        _sparingTargets = true;
        foreach (var (socket, dialerFacing) in _sockets)
        {
            if (!dialerFacing) continue;
            _sockets.TryRemove(socket, out _);
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        try { await _accepting; } catch (Exception) { }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            Interlocked.Increment(ref _linksAccepted);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try { await server.ConnectAsync(_target, _stop.Token); }
            catch (Exception)
            {
                client.Close();
                continue;
            }
            _sockets[client] = true;
            _sockets[server] = false;
            _ = Pump(client, server, replies: false);
            _ = Pump(server, client, replies: true);
        }
    }

    private async Task Pump(Socket from, Socket to, bool replies)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send); // pass a half-close (Bye) on
                    return;
                }
                lock (_recording) _recording.Write(buffer, 0, read);
                if (replies && SwallowReplies) continue;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
            // A cut or a reset: make sure the other side sees it too (unless the cut spares the target side).
            if (_sparingTargets && _sockets.TryGetValue(to, out var dialerFacing) && !dialerFacing) return;
            try
            {
                to.LingerState = new LingerOption(true, 0);
                to.Close();
            }
            catch (Exception) { }
        }
    }
}
