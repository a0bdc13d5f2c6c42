using Encryptio.Messages.P2P;
using Encryptio.Peer.Crypto;

namespace Encryptio.Peer.Actors.Tests.Crypto;

/// Alice (dialer) and Bob (listener) set up exactly as the vectors were: fixed keys in the vector
/// order, recorded signatures.
internal sealed class VectorSession : IDisposable
{
    public FixedKeySource AliceKeys { get; } = FixedKeySource.FromVectors("ephD", "alice_ratchet_1", "alice_ratchet_2");
    public FixedKeySource BobKeys { get; } = FixedKeySource.FromVectors("ephL", "bob_ratchet_1", "bob_ratchet_2");
    public DialerHandshake Dialer { get; }
    public ListenerHandshake Listener { get; }

    public VectorSession()
    {
        Dialer = new DialerHandshake(
            new HandshakePeer(Vectors.ConversationId, "alice", "bob", Vectors.IdentityPublic("bob")),
            new RecordedSigner(Vectors.Hex("hello_signed"), Vectors.Hex("hello_signature")),
            AliceKeys);
        Listener = NewListener(BobKeys);
    }

    public static ListenerHandshake NewListener(IRatchetKeySource keys) => new(
        new HandshakePeer(Vectors.ConversationId, "bob", "alice", Vectors.IdentityPublic("alice")),
        new RecordedSigner(Vectors.Hex("reply_signed"), Vectors.Hex("reply_signature")),
        keys);

    public static byte[] Body(byte[] frame) => frame[FrameLimits.Overhead..];

    /// Runs the whole handshake and returns both ratchets.
    public (DoubleRatchet Alice, DoubleRatchet Bob) Complete()
    {
        Listener.TryAccept(Body(Dialer.HelloFrame), out var replyFrame, out var bob, out var listenerError)
            .Should().BeTrue(listenerError.ToString());
        Dialer.TryComplete(Body(replyFrame!), out var alice, out var dialerError)
            .Should().BeTrue(dialerError.ToString());
        return (alice!, bob!);
    }

    public void Dispose() => Dialer.Dispose();
}
