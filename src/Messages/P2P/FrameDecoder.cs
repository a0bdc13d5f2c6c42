using System.Buffers.Binary;

namespace Encryptio.Messages.P2P;

/// Incremental frame parser for one connection. Feed it whatever the socket delivered (any chunk size,
/// down to one byte) and it appends each completed frame to the caller's list. A bad length is reported
/// as soon as its 4 bytes are in, so a hostile peer cannot make us wait for (or buffer) a huge body.
/// Once it has failed it stays failed: the connection is to be closed.
public sealed class FrameDecoder
{
    private readonly byte[] _lengthBytes = new byte[FrameLimits.LengthPrefixSize];
    private int _lengthFilled;
    private int _bodyLength = -1;
    private FrameType? _type;
    private byte[]? _body;
    private int _bodyFilled;

    public FrameError Error { get; private set; }

    public bool IsFaulted => Error != FrameError.None;

    /// A sentence for the log; never contains frame content.
    public string? ErrorReason => Error switch
    {
        FrameError.None => null,
        FrameError.ZeroLength => "frame length 0",
        FrameError.TooLong => $"frame length over {FrameLimits.MaxLength}",
        FrameError.UnknownType => "unknown frame type",
        _ => "frame error",
    };

    /// Consumes the chunk, appends every frame it completes to <paramref name="frames"/> and returns
    /// the error that ends the connection, or <see cref="FrameError.None"/>.
    public FrameError Feed(ReadOnlySpan<byte> chunk, ICollection<Frame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        while (!IsFaulted)
        {
            if (_bodyLength < 0)
            {
                if (chunk.IsEmpty) break;
                uint length;
                if (_lengthFilled == 0 && chunk.Length >= FrameLimits.LengthPrefixSize)
                {
                    // The whole prefix is in this chunk (the usual case): read it where it is.
                    length = BinaryPrimitives.ReadUInt32BigEndian(chunk);
                    chunk = chunk[FrameLimits.LengthPrefixSize..];
                }
                else
                {
                    var take = Math.Min(FrameLimits.LengthPrefixSize - _lengthFilled, chunk.Length);
                    chunk[..take].CopyTo(_lengthBytes.AsSpan(_lengthFilled));
                    _lengthFilled += take;
                    chunk = chunk[take..];
                    if (_lengthFilled < FrameLimits.LengthPrefixSize) break;
                    length = BinaryPrimitives.ReadUInt32BigEndian(_lengthBytes);
                }
                if (length < FrameLimits.MinLength) return Fail(FrameError.ZeroLength);
                if (length > FrameLimits.MaxLength) return Fail(FrameError.TooLong);
                _bodyLength = (int)length - FrameLimits.TypeSize;
            }

            if (_type is null)
            {
                if (chunk.IsEmpty) break;
                var type = chunk[0];
                chunk = chunk[1..];
                if (!FrameLimits.IsKnownType(type)) return Fail(FrameError.UnknownType);
                _type = (FrameType)type;
                // Handed out only once every byte has been copied in, so it need not be zeroed first.
                _body = _bodyLength == 0 ? [] : GC.AllocateUninitializedArray<byte>(_bodyLength);
                _bodyFilled = 0;
            }

            var copy = Math.Min(_bodyLength - _bodyFilled, chunk.Length);
            chunk[..copy].CopyTo(_body.AsSpan(_bodyFilled));
            _bodyFilled += copy;
            chunk = chunk[copy..];
            if (_bodyFilled < _bodyLength) break;

            frames.Add(new Frame(_type.Value, _body!));
            Reset();
        }
        return Error;
    }

    private void Reset()
    {
        _lengthFilled = 0;
        _bodyLength = -1;
        _type = null;
        _body = null;
        _bodyFilled = 0;
    }

    private FrameError Fail(FrameError error)
    {
        Error = error;
        _body = null;
        return error;
    }
}
