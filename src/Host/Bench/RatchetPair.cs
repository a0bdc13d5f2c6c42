using System.Security.Cryptography;
using System.Text;
using Encryptio.Peer.Crypto;

namespace Encryptio.Host.Bench;

/// <summary>
/// Two ratchets after a real in-memory handshake (DialerHandshake and ListenerHandshake), the dialer's
/// Ready already opened by the listener, so both can seal.
/// </summary>
public sealed class RatchetPair : IDisposable
{
    private RatchetPair(DoubleRatchet dialer, DoubleRatchet listener)
    {
        Dialer = dialer;
        Listener = listener;
    }

    public DoubleRatchet Dialer { get; }
    public DoubleRatchet Listener { get; }

    public static RatchetPair Create(IRatchetKeySource keys)
    {
        using var alice = ECDsa.Create(P384.Curve);
        using var bob = ECDsa.Create(P384.Curve);
        var conversation = RandomNumberGenerator.GetBytes(16);
        var dialer = new DialerHandshake(new HandshakePeer(conversation, "alice", "bob", bob), new EcdsaHandshakeSigner(alice), keys);
        var listener = new ListenerHandshake(new HandshakePeer(conversation, "bob", "alice", alice), new EcdsaHandshakeSigner(bob), keys);
        if (!listener.TryAccept(dialer.HelloFrame.AsSpan(5), out var reply, out var listenerRatchet, out var error)
            || !dialer.TryComplete(reply.AsSpan(5), out var dialerRatchet, out error))
            throw new InvalidOperationException($"in-memory handshake failed: {error}");
        dialer.Dispose();
        var ready = dialerRatchet.Seal(Encoding.UTF8.GetBytes("ready"));
        if (!listenerRatchet.TryOpen(ready.AsSpan(5), out _)) throw new InvalidOperationException("Ready did not open");
        return new RatchetPair(dialerRatchet, listenerRatchet);
    }

    public void Dispose()
    {
        Dialer.Dispose();
        Listener.Dispose();
    }
}
