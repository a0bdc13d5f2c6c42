using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;

namespace Encryptio.Peer.Link;

/// <summary>
/// The byte pumps of a relayed link, run off the actor: a TLS stream has no Akka.IO connection actor
/// to do them. One read at a time and one write at a time, and the half-close after Bye; every chunk,
/// the end of the stream and each write's result come back to <c>link</c> as messages, in order. Not
/// an actor: the link starts each step in its own turn. Once <c>cancel</c> fires (the link stopped)
/// nothing more is told: it would only be a dead letter.
/// </summary>
internal sealed class StreamPump(Stream stream, Socket? socket, IActorRef link, CancellationToken cancel)
{
    private const int ReadBuffer = 16 * 1024;

    /// <summary>Bytes read from the stream, in the order they came.</summary>
    public sealed record Received(byte[] Bytes);

    /// <summary>The stream ended: null when the peer closed it, else the error in one line.</summary>
    public sealed record ReadEnded(string? Reason);

    /// <summary>The write in flight is done: the next may start.</summary>
    public sealed class Written
    {
        public static readonly Written Instance = new();
    }

    public sealed record WriteFailed(string Reason);

    /// <summary>Reads until the stream ends or fails; started once.</summary>
    public void StartReading()
    {
        _ = Task.Run(async () =>
        {
            var buffer = new byte[ReadBuffer];
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, cancel).ConfigureAwait(false);
                    if (n == 0) break;
                    link.Tell(new Received(buffer[..n]));
                }
                if (!cancel.IsCancellationRequested) link.Tell(new ReadEnded(null));
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Stopped: nobody is listening any more (a message now would be a dead letter).
                if (!cancel.IsCancellationRequested) link.Tell(new ReadEnded($"link error: {e.Message}"));
            }
        });
    }

    /// <summary>Writes <paramref name="bytes"/>; the link is told <see cref="Written"/> or <see cref="WriteFailed"/>.</summary>
    public void Write(ReadOnlyMemory<byte> bytes) =>
        stream.WriteAsync(bytes, cancel).AsTask().ContinueWith(done =>
        {
            if (cancel.IsCancellationRequested) return;
            link.Tell(done.IsCompletedSuccessfully ? Written.Instance : new WriteFailed(done.Exception?.GetBaseException().Message ?? "cancelled"));
        }, TaskScheduler.Default);

    /// <summary>
    /// Ends our direction only (the relay passes the half-close on), so the peer's last frames still
    /// come in; a stream already gone is no matter, the link is ending anyway.
    /// </summary>
    public void HalfClose() => _ = Task.Run(async () =>
    {
        try
        {
            if (stream is SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
            socket?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException) { }
    });
}
