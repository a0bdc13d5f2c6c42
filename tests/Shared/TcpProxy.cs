using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Encryptio.Messages.Identity;

namespace Encryptio.Tests.Shared;

/// <summary>
/// A real TCP proxy on loopback between a dialer and a listener, shared by the actor specs and the
/// end-to-end specs (linked into both projects). It forwards bytes both ways and records them (so a spec
/// can look at the wire), cuts every open link at once (RST, no FIN: the network failing, not a peer
/// leaving) or only the dialer's side, swallows the listener's replies, and stalls the traffic towards
/// the target (it stops reading, so TCP back-pressure builds up to the sender's write queue).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    // Value: true for the dialer-facing socket of a link, false for the target-facing one.
    private readonly ConcurrentDictionary<Socket, bool> _sockets = new();
    private readonly MemoryStream _recording = new();
    private readonly Task _accepting;
    private volatile TaskCompletionSource _flowing = Flowing();
    private volatile bool _sparingTargets;
    private int _linksAccepted;
    private int _cuts;

    public TcpProxy(PeerEndpoint target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Endpoint = new PeerEndpoint("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);
        _accepting = AcceptLoop();
    }

    /// <summary>Where to dial (or what to advertise) so that links cross the proxy.</summary>
    public PeerEndpoint Endpoint { get; }

    public int LinksAccepted => Volatile.Read(ref _linksAccepted);

    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>
    /// While true, bytes from the target back to the dialer are swallowed (the listener's answers, such
    /// as Acks, are lost on the way). Meant to be followed by <see cref="CutAll"/>: a stream with a hole
    /// in it is no good to anyone. Reset by the cut.
    /// </summary>
    public volatile bool SwallowReplies;

    /// <summary>While true, every new link is reset as soon as it is accepted: the network is down for the dialer.</summary>
    public volatile bool Down;

    /// <summary>Every byte forwarded so far, both directions interleaved in arrival order.</summary>
    public byte[] Recorded()
    {
        lock (_recording) return _recording.ToArray();
    }

    /// <summary>Resets every open link (RST, no FIN): both ends see it drop without a Bye.</summary>
    public void CutAll()
    {
        Interlocked.Increment(ref _cuts);
        SwallowReplies = false; // new links start whole
        _sparingTargets = false;
        ResetAll();
    }

    /// <summary>
    /// Resets only the dialer-facing side of every open link: the dialer sees its link drop, while the
    /// listener's side stays open and silent (a half-dead link it cannot tell from an idle one).
    /// </summary>
    public void CutDialerSideOnly()
    {
        _sparingTargets = true;
        foreach (var (socket, dialerFacing) in _sockets)
        {
            if (!dialerFacing || !_sockets.TryRemove(socket, out _)) continue;
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
        ResetAll();
        try { await _accepting; } catch (Exception) { }
    }

    private void ResetAll()
    {
        foreach (var socket in _sockets.Keys)
            if (_sockets.TryRemove(socket, out _)) Reset(socket);
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
            if (Down)
            {
                Reset(client);
                continue;
            }
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
                lock (_recording) _recording.Write(buffer, 0, read);
                if (!towardsTarget && SwallowReplies) continue;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
            // A cut or a reset: the other side sees it too, unless the cut spares the target side.
            if (_sparingTargets && _sockets.TryGetValue(to, out var dialerFacing) && !dialerFacing) return;
            _sockets.TryRemove(to, out _);
            Reset(to);
        }
    }
}
