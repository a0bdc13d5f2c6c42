using System.Buffers;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// One link with the ratchet its handshake made: seals payloads onto it and opens the Sealed frames
/// it delivers. Not an actor: the session that holds it calls it on its own thread. Plaintext lives
/// only in pooled buffers that are zeroed before they go back.
/// </summary>
public sealed class SecureLink : IDisposable
{
    private int _badPayloads;

    public SecureLink(IActorRef link, ILinkCipher cipher)
    {
        Link = link ?? throw new ArgumentNullException(nameof(link));
        Cipher = cipher ?? throw new ArgumentNullException(nameof(cipher));
    }

    /// The link actor (whoever made it: our dialer, or the node's listener).
    public IActorRef Link { get; }

    /// The link goes through the directory's relay (reported in `connected`).
    public bool Relayed { get; init; }

    public ILinkCipher Cipher { get; }

    /// Seals <paramref name="payload"/> and hands the frame to the link; returns the frame's size.
    public int Send(IPayload payload)
    {
        var length = PayloadCodec.GetEncodedLength(payload);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            PayloadCodec.Encode(payload, buffer);
            var frame = new SendFrame(Cipher.Seal(buffer.AsSpan(0, length)));
            Link.Tell(frame);
            return frame.Bytes.Length;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Opens a Sealed frame into a payload. False when the frame did not open or did not parse: logged
    /// without content and counted, and when the link should go (not Sealed, too many failures)
    /// <paramref name="dropReason"/> says why.
    /// </summary>
    public bool TryOpen(Frame frame, ILoggingAdapter log, Uid peer, out IPayload? payload, out string? dropReason)
    {
        dropReason = null;
        payload = null;
        if (frame.Type != FrameType.Sealed)
        {
            dropReason = $"protocol violation: {frame.Type} on a link past its Hello";
            return false;
        }
        if (TryOpen(frame, out payload, out var failure, out var reason)) return true;
        switch (failure)
        {
            case OpenFailure.Faulted:
                // A bug, not the peer's doing as far as we can tell: the frame is dropped, the link and the
                // session go on. The exception's type only: its message is no place to look for secrets.
                log.Error("opening a frame from {0} threw {1}; the frame is dropped, the link stays", peer, reason);
                break;
            case OpenFailure.None:
                _badPayloads++;
                log.Warning("a payload from {0} opened but did not parse ({1}); {2} so far", peer, reason, _badPayloads);
                break;
            default:
                log.Warning("a frame from {0} failed to open ({1}); {2} on this link", peer, failure, Cipher.FailedOpens);
                if (Cipher.TooManyFailedOpens) dropReason = $"{Cipher.FailedOpens} frames failed to open";
                break;
        }
        return false;
    }

    /// <summary>
    /// Opens and parses a Sealed body. False with <paramref name="failure"/> None when the frame opened
    /// but the payload did not parse (the key is spent either way). Fails closed: an exception from the
    /// cipher or the parser is <see cref="OpenFailure.Faulted"/> with the exception's type as the reason,
    /// never an exception out of the session (its supervisor would stop it, and every message in its
    /// outbox would become undelivered because of one frame).
    /// </summary>
    public bool TryOpen(Frame frame, out IPayload? payload, out OpenFailure failure, out string? reason)
    {
        payload = null;
        reason = null;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, frame.Body.Length));
        try
        {
            if (!Cipher.TryOpen(frame.Body, buffer, out var length, out failure)) return false;
            return PayloadCodec.TryDecode(buffer.AsSpan(0, length), out payload, out reason);
        }
        catch (Exception e)
        {
            payload = null;
            failure = OpenFailure.Faulted;
            reason = e.GetType().Name;
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, Math.Min(buffer.Length, frame.Body.Length)));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// Ends the link; <paramref name="graceful"/> writes what is queued (a Bye) first.
    public void Close(string reason, bool graceful = false) => Link.Tell(new CloseLink(reason, graceful));

    public void Dispose() => Cipher.Dispose();
}
