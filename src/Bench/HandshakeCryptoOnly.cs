using System.Diagnostics;
using System.Security.Cryptography;
using Encryptio.Peer.Crypto;

namespace Encryptio.Bench;

/// <summary>
/// The handshake's crypto with no actor and no socket: Hello, TryAccept, TryComplete and the Ready
/// frame opened, back to back on one thread, keys from <paramref name="keys"/>. Beside the end-to-end
/// latency it shows how much of the gap to the summed P-384 ceilings is the crypto code itself
/// (key objects and contexts the per-operation ceilings do not create) and how much the link.
/// </summary>
public static class HandshakeCryptoOnly
{
    public static Figure MillisPerHandshake(int runs, int handshakes, IRatchetKeySource keys, PooledRatchetKeySource? refill)
    {
        using var alice = ECDsa.Create(P384.Curve);
        using var bob = ECDsa.Create(P384.Curve);
        using var alicePublic = PublicOnly(alice);
        using var bobPublic = PublicOnly(bob);
        var samples = new List<double>();
        for (var i = -2; i < handshakes; i++) // two warm-ups
        {
            // As between two real handshakes: the pool has refilled.
            refill?.WaitFullAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            var conversation = RandomNumberGenerator.GetBytes(16);
            var start = Stopwatch.GetTimestamp();
            using var dialer = new DialerHandshake(new HandshakePeer(conversation, "alice", "bob", bobPublic), new EcdsaHandshakeSigner(alice), keys);
            var listener = new ListenerHandshake(new HandshakePeer(conversation, "bob", "alice", alicePublic), new EcdsaHandshakeSigner(bob), keys);
            if (!listener.TryAccept(dialer.HelloFrame.AsSpan(5), out var reply, out var bobRatchet, out var error)
                || !dialer.TryComplete(reply.AsSpan(5), out var aliceRatchet, out error))
                throw new InvalidOperationException($"the bench handshake failed: {error}");
            using (bobRatchet)
            using (aliceRatchet)
            {
                if (!bobRatchet.TryOpen(aliceRatchet.Seal([3]).AsSpan(5), out _))
                    throw new InvalidOperationException("the bench Ready did not open");
                if (i >= 0) samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return Figure.Of(samples);
    }

    private static ECDsa PublicOnly(ECDsa key)
    {
        var copy = ECDsa.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }
}
