using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Serialization;
using Encryptio.Messages.Identity;
using Newtonsoft.Json;

namespace Encryptio.Messages.Transport;

/// <summary>
/// Starts an ActorSystem the way every Encryptio node must: with mutual TLS pinned to the CA and
/// with Newtonsoft's type-name handling disarmed, whatever the configuration says.
/// </summary>
public static class NodeSystem
{
    public static ActorSystem Create(string name, Config config, X509Certificate2 ownCertificate, AuthorityTrust trust)
    {
        var setup = BootstrapSetup.Create().WithConfig(config)
            .And(MutualTls.Setup(ownCertificate, trust))
            .And(NewtonSoftJsonSerializerSetup.Create(settings =>
            {
                // Akka's JSON serializer would otherwise build any .NET type a remote "$type" names.
                settings.TypeNameHandling = TypeNameHandling.None;
                settings.SerializationBinder = DenyAllSerializationBinder.Instance;
            }));
        return ActorSystem.Create(name, setup);
    }
}
