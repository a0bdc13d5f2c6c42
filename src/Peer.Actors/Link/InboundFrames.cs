using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Link;

/// <summary>
/// What a link reads: the frames cut from its byte stream, and those an inbound link holds after
/// its Hello until a session takes it over (a few at most: <see cref="LinkLimits.MaxHeldFrames"/>).
/// Not an actor: the link feeds it in its own turn and decides what each frame means.
/// </summary>
public sealed class InboundFrames(int maxHeld = LinkLimits.MaxHeldFrames)
{
    private readonly FrameDecoder _decoder = new();
    private readonly List<Frame> _decoded = new();
    private readonly List<Frame> _held = new();

    /// <summary>Frames held now.</summary>
    public int HeldCount => _held.Count;

    /// <summary>
    /// Cuts <paramref name="data"/> into frames and hands each to <paramref name="deliver"/>, stopping
    /// at the first whose delivery ended the link (false). Returns why the stream is bad (one line,
    /// no frame content) when it is and the link is still open; else null.
    /// </summary>
    public string? Feed(ReadOnlySpan<byte> data, Func<Frame, bool> deliver)
    {
        var error = _decoder.Feed(data, _decoded);
        var open = true;
        foreach (var frame in _decoded)
            if (!(open = deliver(frame))) break;
        _decoded.Clear();
        return error == FrameError.None || !open ? null : _decoder.ErrorReason;
    }

    /// <summary>Holds a frame for the session to come; false, holding nothing more, once the limit is reached.</summary>
    public bool Hold(Frame frame)
    {
        if (_held.Count >= maxHeld) return false;
        _held.Add(frame);
        return true;
    }

    /// <summary>The held frames, in the order they came, for the session that took the link; none are held after.</summary>
    public IReadOnlyList<Frame> Release()
    {
        var held = _held.ToArray();
        _held.Clear();
        return held;
    }
}
