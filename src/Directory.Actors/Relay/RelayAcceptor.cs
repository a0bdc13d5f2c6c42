using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

/// <summary>
/// The relay's listening socket and accept loop. Bound before the actors start (so a port in use is a
/// one-line start-up error and port 0 gets its real number); each accepted socket gets TLS and the
/// preface (<see cref="RelayConnection.AcceptAsync"/>) off the actor, then goes to the relay actor as
/// <see cref="ClaimRelay"/>. At most <see cref="RelaySettings.MaxHandshakes"/> are in that stage at
/// once; beyond it a socket is closed at once, so garbage on the port costs a socket for a moment.
/// </summary>
public sealed class RelayAcceptor : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private int _handshakes;

    public RelayAcceptor(string host, int port)
    {
        var address = host is "0.0.0.0" or "*" ? IPAddress.Any
            : IPAddress.TryParse(host, out var ip) ? ip
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
        _listener = new TcpListener(address, port);
        _listener.Start(backlog: 128);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// Runs the accept loop until <see cref="Dispose"/>; the relay actor calls it once.
    public void Start(IActorRef relay, X509Certificate2 certificate, AuthorityTrust trust, RelaySettings settings) =>
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try { socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (_stop.IsCancellationRequested) return;
                    continue;
                }
                if (Interlocked.Increment(ref _handshakes) > settings.MaxHandshakes)
                {
                    Interlocked.Decrement(ref _handshakes);
                    relay.Tell(new RelayRefusedEarly(RelayRefusal.NodeLimit, $"{socket.RemoteEndPoint}: {settings.MaxHandshakes} connections already in their handshake"));
                    socket.Dispose();
                    continue;
                }
                socket.NoDelay = true;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        var accepted = await RelayConnection.AcceptAsync(socket, certificate, trust, settings.RequestTimeout).ConfigureAwait(false);
                        if (accepted.Connection is { } connection) relay.Tell(new ClaimRelay(accepted.Token!, connection));
                        else relay.Tell(new RelayRefusedEarly(accepted.Refusal, accepted.Reason!));
                    }
                    catch (Exception e)
                    {
                        // Never an unobserved fault: the socket goes, the relay logs it like a refusal.
                        socket.Dispose();
                        relay.Tell(new RelayRefusedEarly(RelayRefusal.BadPreface, $"accept failed: {e.GetType().Name}"));
                    }
                    finally { Interlocked.Decrement(ref _handshakes); }
                });
            }
        });

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
