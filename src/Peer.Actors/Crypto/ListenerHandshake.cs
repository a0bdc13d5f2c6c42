using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// The listener's side: says nothing until a Hello checks out, then answers with a HelloReply and
/// starts the ratchet as Signal's "Bob", its handshake ephemeral doubling as its first ratchet key.
public sealed class ListenerHandshake
{
    private readonly HandshakePeer _peer;
    private readonly IHandshakeSigner _signer;
    private readonly IRatchetKeySource _keySource;
    private bool _finished;

    public ListenerHandshake(HandshakePeer peer, IHandshakeSigner signer, IRatchetKeySource keySource)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer.Validate();
        _peer = peer;
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _keySource = keySource ?? throw new ArgumentNullException(nameof(keySource));
    }

    /// SHA-384 of Hello | HelloReply once accepted; the ratchet's associated data.
    public byte[]? Th { get; private set; }

    /// Checks a Hello body. On success returns the whole HelloReply frame to send and the ratchet.
    /// A second call fails: a second Hello on one connection closes it.
    public bool TryAccept(ReadOnlySpan<byte> helloBody,
        [NotNullWhen(true)] out byte[]? helloReplyFrame,
        [NotNullWhen(true)] out DoubleRatchet? ratchet,
        out HandshakeError error)
    {
        helloReplyFrame = null;
        ratchet = null;
        if (_finished) return Fail(HandshakeError.AlreadyFinished, out error);
        _finished = true;

        error = Check(helloBody, out var dialerEphemeral);
        if (error != HandshakeError.None) return false;

        using (dialerEphemeral)
        {
            var helloFrame = FrameEncoder.Encode(FrameType.Hello, helloBody);
            var th0 = Handshake.ComputeTh0(helloFrame);
            var ephemeral = _keySource.NextKeyPair();
            try
            {
                var ephemeralPublic = P384.ExportPublicKey(ephemeral);
                var signature = _signer.Sign(Handshake.ReplySigned(th0, ephemeralPublic));
                var replyFrame = FrameEncoder.Encode(FrameType.HelloReply, HelloReplyCodec.Encode(new HelloReply(ephemeralPublic, signature)));

                var th = Handshake.ComputeTh(helloFrame, replyFrame);
                var dh = P384.DeriveSharedSecret(ephemeral, dialerEphemeral!);
                var root = Handshake.DeriveRoot(dh, _peer.ConversationId, th);
                CryptographicOperations.ZeroMemory(dh);
                try
                {
                    ratchet = DoubleRatchet.InitializeAsListener(root, th, ephemeral, _keySource);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(root);
                }
                ephemeral = null; // the ratchet owns it now
                helloReplyFrame = replyFrame;
                Th = th;
                return true;
            }
            finally
            {
                ephemeral?.Dispose();
            }
        }
    }

    /// Strict parse, then the introduction's facts, then the point, then the signature: a Hello is
    /// accepted only from the introduced member, to us, for this conversation.
    private HandshakeError Check(ReadOnlySpan<byte> helloBody, out ECDiffieHellmanPublicKey? dialerEphemeral)
    {
        dialerEphemeral = null;
        if (!HelloCodec.TryDecode(helloBody, out var hello, out _)) return HandshakeError.Malformed;
        // The version byte is not signed, so it is checked here.
        if (hello!.Version != WireSizes.ProtocolVersion) return HandshakeError.UnsupportedVersion;
        if (!CryptographicOperations.FixedTimeEquals(hello.ConversationId, _peer.ConversationId)) return HandshakeError.WrongConversation;
        if (!string.Equals(hello.ToUid, _peer.SelfUid, StringComparison.Ordinal)) return HandshakeError.WrongRecipient;
        if (!string.Equals(hello.FromUid, _peer.PeerUid, StringComparison.Ordinal)) return HandshakeError.UnexpectedSender;
        if (!P384.TryImportPublicKey(hello.EphemeralPublicKey, out dialerEphemeral)) return HandshakeError.InvalidEphemeralKey;
        if (!Handshake.VerifySignature(_peer.PeerIdentity, Handshake.HelloSigned(helloBody), hello.Signature))
        {
            dialerEphemeral.Dispose();
            dialerEphemeral = null;
            return HandshakeError.BadSignature;
        }
        return HandshakeError.None;
    }

    private static bool Fail(HandshakeError why, out HandshakeError error)
    {
        error = why;
        return false;
    }
}
