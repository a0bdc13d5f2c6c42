namespace Encryptio.Messages.P2P;

/// What travels inside a Sealed frame's AEAD: `u8 kind | body`.
public interface IPayload
{
    PayloadKind Kind { get; }
}
