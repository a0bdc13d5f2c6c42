namespace Encryptio.Messages.P2P;

/// Why the frame layer gave up on a connection. Every value but None closes it.
public enum FrameError
{
    None = 0,
    ZeroLength,
    TooLong,
    UnknownType,
}
