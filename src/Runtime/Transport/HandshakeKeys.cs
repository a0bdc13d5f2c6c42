using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Akka.Actor.Setup;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// One per ActorSystem (it travels in the system's setup): the key fingerprint (see
/// <see cref="Identity.CertificateRoles.KeyFingerprint"/>) each remote node showed in the TLS handshakes
/// this node opened, by remote system@host:port. Filled by the <see cref="MutualTls"/> validator, read by the
/// peer when it signs a registration proof, so the proof names the directory key the peer itself saw, not
/// one the directory claims.
/// </summary>
/// <remarks>
/// Only handshakes this node opens are recorded: there Akka's DotNetty transport hands the validator the
/// Akka address it dials (e.g. <c>ssl.tcp://encryptio-directory@127.0.0.1:7355</c>); on connections it
/// accepts the validator sees only the caller's ephemeral IP:port, which names no actor system.
/// </remarks>
public sealed class HandshakeKeys : Setup
{
    // A peer dials one directory; the cap only stops a misconfiguration from growing this without end.
    private const int Capacity = 64;
    private readonly ConcurrentDictionary<string, byte[]> _byNode = new(StringComparer.Ordinal);

    internal void Record(string remoteAddress, byte[] fingerprint)
    {
        var key = KeyOf(remoteAddress);
        if (key is null) return;
        if (_byNode.Count >= Capacity && !_byNode.ContainsKey(key)) _byNode.Clear();
        _byNode[key] = fingerprint;
    }

    /// <summary>The fingerprint seen in this node's own handshake with the node at <paramref name="address"/>.</summary>
    public bool TryGet(Address address, [NotNullWhen(true)] out byte[]? fingerprint)
    {
        fingerprint = null;
        var key = KeyOf(address.ToString());
        return key is not null && _byNode.TryGetValue(key, out fingerprint);
    }

    /// <summary>What this node saw of the remote node <paramref name="actor"/> lives on; false for a local actor or an unseen node.</summary>
    public static bool TryGetFor(ActorSystem system, IActorRef actor, [NotNullWhen(true)] out byte[]? fingerprint)
    {
        fingerprint = null;
        var keys = system.Settings.Setup.Get<HandshakeKeys>();
        return keys.HasValue && actor.Path.Address.HasGlobalScope && keys.Value.TryGet(actor.Path.Address, out fingerprint);
    }

    /// <summary>system@host:port, whatever the scheme (the transport strips Akka's "akka." prefix); null when it names no system.</summary>
    private static string? KeyOf(string address)
    {
        if (!address.Contains("://", StringComparison.Ordinal)) return null;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo) || uri.Port < 0) return null;
        return $"{uri.UserInfo}@{uri.Host.ToLowerInvariant()}:{uri.Port}";
    }
}
