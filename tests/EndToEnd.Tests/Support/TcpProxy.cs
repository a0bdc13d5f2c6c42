using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>
/// A real TCP proxy on loopback between two real peer processes (adapted from the Peer.Actors specs'
/// proxy). The listener is started with `--advertise 127.0.0.1:{proxy port}`, so the directory hands
/// the proxy's address to the dialer and every P2P link of the pair crosses it. It can cut every open
/// link at once (RST, no FIN: the network failing, not a peer leaving) and stall the traffic towards
/// the target (it stops reading, so TCP back-pressure builds up to the sender's write queue).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, bool> _sockets = new();
    private readonly Task _accepting;
    private volatile TaskCompletionSource _flowing = Flowing();
    private int _linksAccepted;
    private int _cuts;

    public TcpProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoop();
    }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";
    public int LinksAccepted => Volatile.Read(ref _linksAccepted);
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Resets every open link (RST, no FIN): both ends see it drop without a Bye.</summary>
    public void CutAll()
    {
        Interlocked.Increment(ref _cuts);
        foreach (var socket in _sockets.Keys)
        {
            _sockets.TryRemove(socket, out _);
            Reset(socket);
        }
    }

    /// <summary>Stops reading from the dialer (new links too): its bytes pile up in the kernel, then in its write queue.</summary>
    public void StallTowardsTarget()
    {
        if (_flowing.Task.IsCompleted) _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Resume() => _flowing.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Resume();
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets.Keys) Reset(socket);
        try { await _accepting; } catch (Exception) { }
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception) { }
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
                Reset(client);
                continue;
            }
            _sockets[client] = true;
            _sockets[server] = false;
            _ = Pump(client, server, towardsTarget: true);
            _ = Pump(server, client, towardsTarget: false);
        }
    }

    private async Task Pump(Socket from, Socket to, bool towardsTarget)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                if (towardsTarget) await _flowing.Task.WaitAsync(_stop.Token);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send); // pass a half-close (Bye) on
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
            _sockets.TryRemove(to, out _);
            Reset(to);
        }
    }
}
