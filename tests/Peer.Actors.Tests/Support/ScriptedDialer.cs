using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Support;

/// A dialer driven by the spec over a plain socket, built from the production crypto classes, so a
/// spec can do what a real session never would (garbage after the handshake, no Ready, ...).
internal sealed class ScriptedDialer : IDisposable
{
    private readonly DialerHandshake _handshake;

    private ScriptedDialer(RawPeer link, DialerHandshake handshake)
    {
        Link = link;
        _handshake = handshake;
    }

    public RawPeer Link { get; }

    public DoubleRatchet? Ratchet { get; private set; }

    public static async Task<ScriptedDialer> ConnectAsync(PeerEndpoint endpoint, ConversationId conversation,
        X509Certificate2 me, string peerUid, X509Certificate2 peerCertificate)
    {
        var handshake = new DialerHandshake(
            new HandshakePeer(conversation.ToBytes(), me.GetNameInfo(X509NameType.SimpleName, false), peerUid, peerCertificate.GetECDsaPublicKey()!),
            new EcdsaHandshakeSigner(me.GetECDsaPrivateKey()!), RandomRatchetKeySource.Instance);
        var link = await RawPeer.ConnectAsync(endpoint);
        await link.SendAsync(handshake.HelloFrame);
        return new ScriptedDialer(link, handshake);
    }

    /// Reads the HelloReply and starts the ratchet (Ready is not sent: that is the spec's choice).
    public async Task CompleteHandshakeAsync(TimeSpan timeout)
    {
        var reply = await Link.ReadFrameAsync(timeout);
        if (reply.Type != FrameType.HelloReply) throw new InvalidOperationException($"expected HelloReply, got {reply.Type}");
        if (!_handshake.TryComplete(reply.Body, out var ratchet, out var error)) throw new InvalidOperationException($"handshake failed: {error}");
        Ratchet = ratchet;
    }

    public Task SendAsync(IPayload payload) => Link.SendAsync(Ratchet!.Seal(PayloadCodec.Encode(payload)));

    public Task SendSealedBytesAsync(byte[] payloadBytes) => Link.SendAsync(Ratchet!.Seal(payloadBytes));

    /// A Sealed frame of the right shape that no key opens.
    public Task SendUnopenableAsync() => Link.SendAsync(FrameEncoder.Encode(FrameType.Sealed, RandomNumberGenerator.GetBytes(160)));

    public void Dispose()
    {
        Link.Dispose();
        Ratchet?.Dispose();
        _handshake.Dispose();
    }
}
