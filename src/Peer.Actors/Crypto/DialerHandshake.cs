using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// The dialer's side: builds the Hello at construction, then checks the HelloReply under the dialed
/// member's identity and starts the ratchet as Signal's "Alice".
public sealed class DialerHandshake : IDisposable
{
    private readonly HandshakePeer _peer;
    private readonly IRatchetKeySource _keySource;
    private ECDiffieHellman? _ephemeral;

    public DialerHandshake(HandshakePeer peer, IHandshakeSigner signer, IRatchetKeySource keySource)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(signer);
        peer.Validate();
        _peer = peer;
        _keySource = keySource ?? throw new ArgumentNullException(nameof(keySource));
        _ephemeral = keySource.NextKeyPair();

        var unsigned = new Hello(WireSizes.ProtocolVersion, peer.ConversationId, peer.SelfUid, peer.PeerUid,
            P384.ExportPublicKey(_ephemeral), new byte[WireSizes.SignatureLength]);
        var signature = signer.Sign(Handshake.HelloSigned(HelloCodec.Encode(unsigned)));
        HelloFrame = FrameEncoder.Encode(FrameType.Hello, HelloCodec.Encode(unsigned with { Signature = signature }));
    }

    /// The whole Hello frame, to be sent at once on connect.
    public byte[] HelloFrame { get; }

    /// SHA-384 of Hello | HelloReply once the handshake is done; the ratchet's associated data.
    public byte[]? Th { get; private set; }

    /// Checks the listener's HelloReply body and, on success, hands over a ratchet ready to send Ready.
    public bool TryComplete(ReadOnlySpan<byte> helloReplyBody, [NotNullWhen(true)] out DoubleRatchet? ratchet, out HandshakeError error)
    {
        ratchet = null;
        if (_ephemeral is null) return Fail(HandshakeError.AlreadyFinished, out error);
        if (!HelloReplyCodec.TryDecode(helloReplyBody, out var reply, out _)) return Fail(HandshakeError.Malformed, out error);

        var th0 = Handshake.ComputeTh0(HelloFrame);
        if (!Handshake.VerifySignature(_peer.PeerIdentity, Handshake.ReplySigned(th0, reply!.EphemeralPublicKey), reply.Signature))
            return Fail(HandshakeError.BadSignature, out error);
        if (!P384.TryImportPublicKey(reply.EphemeralPublicKey, out var listenerEphemeral))
            return Fail(HandshakeError.InvalidEphemeralKey, out error);

        try
        {
            var replyFrame = FrameEncoder.Encode(FrameType.HelloReply, helloReplyBody);
            var th = Handshake.ComputeTh(HelloFrame, replyFrame);
            var dh = P384.DeriveSharedSecret(_ephemeral, listenerEphemeral);
            var root = Handshake.DeriveRoot(dh, _peer.ConversationId, th);
            CryptographicOperations.ZeroMemory(dh);
            DisposeEphemeral();
            try
            {
                // ephL is the listener's first ratchet key too; the ratchet takes it over.
                ratchet = DoubleRatchet.InitializeAsDialer(root, th, reply.EphemeralPublicKey, listenerEphemeral, _keySource);
                listenerEphemeral = null;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(root);
            }
            Th = th;
        }
        finally
        {
            listenerEphemeral?.Dispose();
        }
        error = HandshakeError.None;
        return true;
    }

    public void Dispose() => DisposeEphemeral();

    private void DisposeEphemeral()
    {
        _ephemeral?.Dispose();
        _ephemeral = null;
    }

    private static bool Fail(HandshakeError why, out HandshakeError error)
    {
        error = why;
        return false;
    }
}
