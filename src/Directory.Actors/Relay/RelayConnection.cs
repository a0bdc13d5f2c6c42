using Encryptio.Runtime.Transport;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

/// <summary>
/// One peer's TLS connection to the relay: mutual TLS (the peer's user-role certificate names its
/// UID), then the 22-byte request read with a deadline. Owns its socket: <see cref="Dispose"/> is the
/// one way it closes. Nothing read after the request is ever parsed here (see <see cref="Splice"/>).
/// </summary>
public sealed class RelayConnection : IDisposable
{
    private readonly Socket _socket;
    private int _disposed;

    private RelayConnection(Socket socket, SslStream tls, Uid uid, EndPoint? remote)
    {
        _socket = socket;
        Tls = tls;
        Uid = uid;
        Remote = remote?.ToString() ?? "?";
    }

    public SslStream Tls { get; }

    /// The UID the peer's certificate names (checked against the CA and the user role).
    public Uid Uid { get; }

    /// For log lines: the peer's IP:port as the relay saw it.
    public string Remote { get; }

    private readonly byte[] _firstByte = new byte[1];
    private Task<int>? _watch;
    private volatile bool _spliced;

    /// <summary>
    /// While this end waits for its partner: one outstanding one-byte read, which completes only when
    /// the peer goes away (0, or an error) or breaks the protocol (it must send nothing before the OK).
    /// <paramref name="gone"/> runs then, unless the end was spliced meanwhile; the splice takes the
    /// read over (<see cref="TakeFirstRead"/>) so there is never a second read on the stream.
    /// </summary>
    public void WatchWhileWaiting(Action<string> gone)
    {
        _watch = Tls.ReadAsync(_firstByte).AsTask();
        _watch.ContinueWith(done =>
        {
            if (_spliced) return;
            gone(done.IsCompletedSuccessfully && done.Result > 0 ? "sent data before the relay's answer" : "closed while waiting for its partner");
        }, TaskScheduler.Default);
    }

    /// Marks this end spliced (so a completing watch is data, not a departure); called before the OK is written.
    public void MarkSpliced() => _spliced = true;

    /// The watch read, if one is outstanding: the pump awaits it first (its byte, if any, is the first relayed one).
    public (Task<int> Read, byte[] Buffer)? TakeFirstRead()
    {
        var watch = _watch;
        _watch = null;
        return watch is null ? null : (watch, _firstByte);
    }

    /// The outcome of an accept: the connection and its token, or why it was refused (already answered and closed).
    public sealed record Accepted(RelayConnection? Connection, byte[]? Token, RelayRefusal Refusal, string? Reason);

    /// <summary>
    /// TLS as the directory (only a user-role certificate of our CA is accepted), then the request,
    /// all within <paramref name="timeout"/> of the accept. A bad request is answered with its
    /// refusal and closed; a failed TLS handshake is just closed (there is no channel to answer on).
    /// </summary>
    public static async Task<Accepted> AcceptAsync(Socket socket, X509Certificate2 certificate, AuthorityTrust trust, TimeSpan timeout)
    {
        var remote = socket.RemoteEndPoint;
        using var deadline = new CancellationTokenSource(timeout);
        var stream = new NetworkStream(socket, ownsSocket: false);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        var check = new RoleCheck(trust, CertificateRole.User);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = check.Validate,
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            Close(tls, socket);
            var why = check.Problem ?? (deadline.IsCancellationRequested ? "TLS handshake not done in time" : "TLS handshake failed: " + e.Message);
            return new Accepted(null, null, RelayRefusal.BadPreface, $"{remote}: {why}");
        }

        using var peerCertificate = tls.RemoteCertificate is { } rc ? new X509Certificate2(rc) : null;
        var commonName = peerCertificate?.GetNameInfo(X509NameType.SimpleName, false);
        if (!Uid.TryParse(commonName, out var uid, out var uidError))
        {
            Close(tls, socket);
            return new Accepted(null, null, RelayRefusal.BadPreface, $"{remote}: certificate names no UID ({uidError})");
        }
        var connection = new RelayConnection(socket, tls, uid, remote);

        var request = new byte[RelayPreface.RequestSize];
        var read = 0;
        try
        {
            while (read < request.Length)
            {
                var n = await tls.ReadAsync(request.AsMemory(read), deadline.Token).ConfigureAwait(false);
                if (n == 0) break;
                // Fail fast on garbage: the magic is known after four bytes.
                read += n;
                if (read >= 4 && !request.AsSpan(0, 4).SequenceEqual("ERLY"u8)) break;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException) { }

        if (!RelayPreface.TryParseRequest(request.AsSpan(0, read), out var token, out var refusal, out var reason))
        {
            if (read < request.Length && read >= 4 && request.AsSpan(0, 4).SequenceEqual("ERLY"u8) && request[4] == RelayPreface.Version)
                reason = $"request not complete within {timeout.TotalSeconds:0.#} s ({read} of {RelayPreface.RequestSize} bytes)";
            await connection.RefuseAsync(new RelayAnswer(refusal, reason!)).ConfigureAwait(false);
            return new Accepted(null, null, refusal, $"{uid} from {remote}: {reason}");
        }
        return new Accepted(connection, token, RelayRefusal.None, null);
    }

    /// Answers with the refusal (best effort, 2 s at most) and closes.
    public async Task RefuseAsync(RelayAnswer answer)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Tls.WriteAsync(RelayPreface.EncodeAnswer(answer), deadline.Token).ConfigureAwait(false);
            await Tls.FlushAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally { Dispose(); }
    }

    /// Our side is done sending: TLS close_notify, then a TCP half-close, so the peer reads end of stream.
    public async Task ShutdownSendAsync()
    {
        try
        {
            await Tls.ShutdownAsync().ConfigureAwait(false);
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Close(Tls, _socket);
    }

    private static void Close(SslStream tls, Socket socket)
    {
        try { tls.Dispose(); } catch (Exception) { /* closing anyway */ }
        try { socket.Dispose(); } catch (Exception) { /* closing anyway */ }
    }
}
