using Encryptio.Runtime.Transport;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Messages.Relay;

namespace Encryptio.Peer.Link;

/// <summary>
/// The peer's half of the relay preface (docs/protocol.md, "Relay"): TCP to the relay, TLS with our
/// own user certificate (the relay must show a directory-role certificate of our CA), the request
/// with the token, then the one answer. Waiting for the answer is waiting for the other member: the
/// relay answers OK only once both ends are there.
/// </summary>
public static class RelayDial
{
    /// <summary>
    /// Spliced: <see cref="Tls"/> carries the other peer's bytes from here on, starting with
    /// <see cref="Leftover"/> (bytes that came in the same read as the answer). Refused or failed:
    /// <see cref="Failure"/> says why in one line, and nothing is left open.
    /// </summary>
    public sealed record Outcome(SslStream? Tls, Socket? Socket, byte[] Leftover, RelayAnswer? Answer, string? Failure) : IDisposable
    {
        public bool IsSpliced => Tls is not null;

        public void Dispose()
        {
            try { Tls?.Dispose(); } catch (Exception) { /* closing anyway */ }
            Socket?.Dispose();
        }
    }

    /// <param name="answerTimeout">How long to wait for the relay's answer (that is, for the other member);
    /// null: as long as the relay keeps the connection (it closes it when the token expires).</param>
    public static async Task<Outcome> ConnectAsync(PeerEndpoint relay, X509Certificate2 ownCertificate, AuthorityTrust trust,
        ReadOnlyMemory<byte> token, TimeSpan connectTimeout, CancellationToken cancel, TimeSpan? answerTimeout = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                connecting.CancelAfter(connectTimeout);
                await socket.ConnectAsync(relay.Host, relay.Port, connecting.Token).ConfigureAwait(false);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                var check = new RoleCheck(trust, CertificateRole.Directory);
                tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = relay.Host,
                        ClientCertificates = [ownCertificate],
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        // The CA pin and the directory role are the identity check, as for Akka.Remote (MutualTls).
                        RemoteCertificateValidationCallback = check.Validate,
                    }, connecting.Token).ConfigureAwait(false);
                }
                catch (AuthenticationException e)
                {
                    return Fail(tls, socket, check.Problem is { } problem ? "the relay's certificate is refused: " + problem : $"TLS with the relay failed: {e.Message}");
                }
                await tls.WriteAsync(RelayPreface.EncodeRequest(token.Span), connecting.Token).ConfigureAwait(false);
            }

            // The answer may be a long time coming (the other member has up to the token's lifetime).
            using var answering = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            if (answerTimeout is { } wait) answering.CancelAfter(wait);
            var buffer = new byte[RelayPreface.MaxAnswerSize];
            var read = 0;
            while (true)
            {
                int n;
                try { n = await tls.ReadAsync(buffer.AsMemory(read), answering.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    return Fail(tls, socket, $"the other member did not come to the relay within {answerTimeout!.Value.TotalSeconds:0.#} s");
                }
                if (n == 0) return Fail(tls, socket, "the relay closed the connection without an answer");
                read += n;
                if (RelayPreface.TryParseAnswer(buffer.AsSpan(0, read), out var answer, out var consumed, out var error))
                {
                    if (!answer!.IsSpliced) return Fail(tls, socket, $"relay-refused {answer.CodeName}: {answer.Reason}", answer);
                    return new Outcome(tls, socket, buffer[consumed..read], answer, null);
                }
                if (error is not null) return Fail(tls, socket, error);
                if (read == buffer.Length) return Fail(tls, socket, "the relay's answer is too long");
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return Fail(tls, socket, $"cannot reach the relay at {relay} within {connectTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            return Fail(tls, socket, $"relay {relay}: {e.Message}");
        }
    }

    private static Outcome Fail(SslStream? tls, Socket socket, string why, RelayAnswer? answer = null)
    {
        try { tls?.Dispose(); } catch (Exception) { /* closing anyway */ }
        socket.Dispose();
        return new Outcome(null, null, [], answer, why);
    }
}
