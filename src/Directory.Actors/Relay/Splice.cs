using System.Net.Sockets;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Relay;

/// <summary>
/// Two relay connections that presented the same token, joined: each gets the OK answer, then bytes
/// flow both ways unparsed and unstored. Each direction is one pump: read at most
/// <see cref="ChunkSize"/>, wait if the rate cap says so, write, and only then read again, so a peer
/// that stops reading stops the other's sender through TCP flow control (back-pressure end to end,
/// no buffer beyond one chunk per direction). SslStream pumps rather than Akka.IO or Akka.Streams:
/// Akka.IO has no TLS, and Akka.NET Streams has no TLS stage; an awaited read/write loop gives the
/// same back-pressure with the platform's TLS.
/// <para>
/// One side ending its stream is passed on as a half-close (the peers' Bye linger relies on it); the
/// pair ends when both directions have, on any error, or after the idle timeout.
/// </para>
/// </summary>
public static class Splice
{
    public const int ChunkSize = 16 * 1024;

    public sealed record Result(string Reason, long BytesAtoB, long BytesBtoA);

    /// <param name="node">The node-wide cap all pairs share; null: only the pair's own.</param>
    public static async Task<Result> RunAsync(RelayConnection a, RelayConnection b, RelaySettings settings, TimeProvider time, CancellationToken stop, SharedByteRate? node = null)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var lastActivity = time.GetTimestamp();
        var moving = 0;
        var reason = "both ends closed";
        long aToB = 0, bToA = 0;
        string? failure = null;
        try
        {
            a.MarkSpliced();
            b.MarkSpliced();
            var ok = RelayPreface.EncodeAnswer(RelayAnswer.Spliced);
            await Task.WhenAll(a.Tls.WriteAsync(ok, cancel.Token).AsTask(), b.Tls.WriteAsync(ok, cancel.Token).AsTask()).ConfigureAwait(false);

            async Task Pump(RelayConnection from, RelayConnection to, Action<int> count)
            {
                var buffer = new byte[ChunkSize];
                var rate = new ByteRate(settings.MaxBytesPerSecond, time.GetUtcNow());
                try
                {
                    // The end that waited has a read outstanding already (its watch): that read comes first.
                    if (from.TakeFirstRead() is { } first)
                    {
                        var n = await first.Read.WaitAsync(cancel.Token).ConfigureAwait(false);
                        if (n == 0)
                        {
                            await to.ShutdownSendAsync().ConfigureAwait(false);
                            return;
                        }
                        await to.Tls.WriteAsync(first.Buffer.AsMemory(0, n), cancel.Token).ConfigureAwait(false);
                        count(n);
                    }
                    while (true)
                    {
                        var n = await from.Tls.ReadAsync(buffer, cancel.Token).ConfigureAwait(false);
                        if (n == 0) break;
                        Interlocked.Exchange(ref lastActivity, time.GetTimestamp());
                        // Bytes held back by the rate cap, or on their way to a slow reader, are not idleness.
                        Interlocked.Increment(ref moving);
                        try
                        {
                            var now = time.GetUtcNow();
                            var wait = rate.Take(n, now);
                            if (node?.Take(n, now) is { } nodeWait && nodeWait > wait) wait = nodeWait;
                            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancel.Token).ConfigureAwait(false);
                            await to.Tls.WriteAsync(buffer.AsMemory(0, n), cancel.Token).ConfigureAwait(false);
                        }
                        finally
                        {
                            Interlocked.Decrement(ref moving);
                        }
                        count(n);
                        Interlocked.Exchange(ref lastActivity, time.GetTimestamp());
                    }
                    await to.ShutdownSendAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) { }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    // One side broke: the other is closed too (a half-open relay pair helps nobody).
                    Interlocked.CompareExchange(ref failure, $"{from.Uid}'s side failed: {e.InnerException?.Message ?? e.Message}", null);
                    cancel.Cancel();
                }
            }

            async Task Idle()
            {
                var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, settings.IdleTimeout.Ticks / 4));
                try
                {
                    while (true)
                    {
                        await Task.Delay(period, time, cancel.Token).ConfigureAwait(false);
                        if (Volatile.Read(ref moving) > 0 || time.GetElapsedTime(Interlocked.Read(ref lastActivity)) < settings.IdleTimeout) continue;
                        Interlocked.CompareExchange(ref failure, $"idle for {settings.IdleTimeout.TotalSeconds:0.#} s", null);
                        cancel.Cancel();
                        return;
                    }
                }
                catch (OperationCanceledException) { }
            }

            var idle = Idle();
            await Task.WhenAll(
                Pump(a, b, n => Interlocked.Add(ref aToB, n)),
                Pump(b, a, n => Interlocked.Add(ref bToA, n))).ConfigureAwait(false);
            cancel.Cancel();
            await idle.ConfigureAwait(false);
            if (stop.IsCancellationRequested) reason = "relay stopping";
            else if (failure is not null) reason = failure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { reason = "relay stopping"; }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = "a side failed: " + (e.InnerException?.Message ?? e.Message);
        }
        finally
        {
            cancel.Cancel();
            a.Dispose();
            b.Dispose();
        }
        return new Result(reason, Interlocked.Read(ref aToB), Interlocked.Read(ref bToA));
    }
}
