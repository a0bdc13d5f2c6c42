namespace Encryptio.Peer.Crypto;

/// Why a handshake failed. Every value but None closes the connection; the node goes on.
public enum HandshakeError
{
    None = 0,
    Malformed,
    UnsupportedVersion,
    WrongConversation,
    WrongRecipient,
    UnexpectedSender,
    InvalidEphemeralKey,
    BadSignature,
    AlreadyFinished,
}
