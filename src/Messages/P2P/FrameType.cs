namespace Encryptio.Messages.P2P;

/// The type byte of a peer-to-peer frame. Any other value closes the connection.
public enum FrameType : byte
{
    Hello = 1,
    HelloReply = 2,
    Sealed = 3,
}
