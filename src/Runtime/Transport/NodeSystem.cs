using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Akka.Serialization;
using Encryptio.Runtime.Pki;
using Newtonsoft.Json;

namespace Encryptio.Runtime.Transport;

/// <summary>
/// Starts an ActorSystem the way every Encryptio node must: with mutual TLS pinned to the CA and to the
/// role this node talks to (a user's node accepts only the directory, the directory only users), and
/// with Newtonsoft's type-name handling disarmed, whatever the configuration says.
/// </summary>
public static class NodeSystem
{
    public static ActorSystem Create(string name, Config config, X509Certificate2 ownCertificate, AuthorityTrust trust)
    {
        var own = CertificateRoles.Of(ownCertificate, out var reason)
                  ?? throw new InvalidOperationException($"cannot start a node with this certificate: {reason}");
        var accepted = MutualTls.CounterpartOf(own);
        var seen = new HandshakeKeys();
        var setup = BootstrapSetup.Create().WithConfig(config)
            .And(MutualTls.Setup(ownCertificate, trust, accepted, accepted == CertificateRole.Directory ? seen : null))
            .And(seen)
            .And(NewtonSoftJsonSerializerSetup.Create(settings =>
            {
                // Akka's JSON serializer would otherwise build any .NET type a remote "$type" names.
                settings.TypeNameHandling = TypeNameHandling.None;
                settings.SerializationBinder = DenyAllSerializationBinder.Instance;
            }));
        return ActorSystem.Create(name, setup);
    }

    /// <summary>The key fingerprint of the certificate this system presents in TLS; false when it has none (no remoting).</summary>
    public static bool TryGetOwnKeyFingerprint(ActorSystem system, [NotNullWhen(true)] out byte[]? fingerprint)
    {
        var tls = system.Settings.Setup.Get<DotNettySslSetup>();
        fingerprint = tls.HasValue && tls.Value.Certificate is { } certificate ? CertificateRoles.KeyFingerprint(certificate) : null;
        return fingerprint is not null;
    }
}
