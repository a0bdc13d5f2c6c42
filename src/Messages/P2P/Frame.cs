namespace Encryptio.Messages.P2P;

/// One complete frame as the decoder yields it: its type and its body (without length and type).
public readonly record struct Frame(FrameType Type, byte[] Body);
