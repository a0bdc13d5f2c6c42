using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// <summary>
/// The listening side of a link driven by the spec over a plain socket, built from the production
/// crypto classes (the counterpart of <see cref="ScriptedDialer"/>): it answers a real dialing session
/// with a genuine HelloReply, and in between a spec can slip in what an on-path attacker would.
/// </summary>
internal sealed class ScriptedListener : IDisposable
{
    private readonly TcpListener _server = new(IPAddress.Loopback, 0);
    private RawPeer? _link;

    public ScriptedListener()
    {
        _server.Start();
        Endpoint = new PeerEndpoint("127.0.0.1", ((IPEndPoint)_server.LocalEndpoint).Port);
    }

    public PeerEndpoint Endpoint { get; }

    public RawPeer Link => _link ?? throw new InvalidOperationException("no link accepted yet");

    /// The two handshake frames as they crossed the wire, in clear: all an observer needs.
    public byte[] HelloFrame { get; private set; } = [];

    public byte[] HelloReplyFrame { get; private set; } = [];

    public DoubleRatchet? Ratchet { get; private set; }

    /// Accepts the dialer, reads its Hello and answers it as <paramref name="me"/> would.
    public async Task AcceptAndReplyAsync(ConversationId conversation, X509Certificate2 me, string peerUid,
        X509Certificate2 peerCertificate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        _link = RawPeer.Wrap(await _server.AcceptSocketAsync(cts.Token));
        var hello = await _link.ReadFrameAsync(timeout);
        if (hello.Type != FrameType.Hello) throw new InvalidOperationException($"expected Hello, got {hello.Type}");
        HelloFrame = FrameEncoder.Encode(FrameType.Hello, hello.Body);
        var handshake = new ListenerHandshake(
            new HandshakePeer(conversation.ToBytes(), me.GetNameInfo(X509NameType.SimpleName, false), peerUid, peerCertificate.GetECDsaPublicKey()!),
            new EcdsaHandshakeSigner(me.GetECDsaPrivateKey()!), RandomRatchetKeySource.Instance);
        if (!handshake.TryAccept(hello.Body, out var reply, out var ratchet, out var error))
            throw new InvalidOperationException($"handshake failed: {error}");
        HelloReplyFrame = reply;
        Ratchet = ratchet;
        await _link.SendAsync(reply);
    }

    /// Reads the dialer's next Sealed frame and opens it (Ready first).
    public async Task<IPayload> ReceiveAsync(TimeSpan timeout)
    {
        var frame = await Link.ReadFrameAsync(timeout);
        if (frame.Type != FrameType.Sealed || !Ratchet!.TryOpen(frame.Body, out var bytes, out var failure))
            throw new InvalidOperationException($"expected a Sealed frame that opens, got {frame.Type}");
        if (!PayloadCodec.TryDecode(bytes, out var payload, out var reason)) throw new InvalidOperationException(reason);
        return payload!;
    }

    public Task SendAsync(IPayload payload) => Link.SendAsync(Ratchet!.Seal(PayloadCodec.Encode(payload)));

    public void Dispose()
    {
        _link?.Dispose();
        Ratchet?.Dispose();
        _server.Stop();
    }
}
