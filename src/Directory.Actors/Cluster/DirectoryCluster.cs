using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;
using Akka.Configuration;
using Akka.Serialization;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Runtime.Transport;
using Newtonsoft.Json;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// The internal cluster system of a clustered directory node (hocon/cluster.conf, docs/cluster.md):
/// trusted, on its own port, with mutual TLS that accepts directory certificates only, so no enrolled
/// user can join, gossip or send Down. Peers never see it: the edge system's actors hold local refs.
/// </summary>
public static class DirectoryCluster
{
    public const string Section = "encryptio.cluster";
    public const string RegistryName = "registry";
    public const string UidTypeName = "uid";
    /// <summary>The pairs' meeting points for fresh relay tokens (<see cref="RenewalEntity"/>).</summary>
    public const string RenewalTypeName = "relay-renewal";

    /// <summary>Starts the cluster system; refuses a certificate that is not the directory's.</summary>
    public static ActorSystem CreateSystem(string name, Config config, X509Certificate2 ownCertificate, AuthorityTrust trust)
    {
        if (!CertificateRoles.Is(ownCertificate, CertificateRole.Directory, out var reason))
            throw new InvalidOperationException($"a directory cluster node needs a directory certificate: {reason}");
        // Sharding's, Distributed Data's and the singleton's serializers from the start: gossip from the
        // other nodes arrives while this one joins, before the registry's extensions are first used.
        config = config.WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
        var setup = BootstrapSetup.Create().WithConfig(config)
            .And(MutualTls.Setup(ownCertificate, trust, CertificateRole.Directory))
            .And(NewtonSoftJsonSerializerSetup.Create(settings =>
            {
                // As on the edge: the JSON fallback never builds a type a remote names.
                settings.TypeNameHandling = TypeNameHandling.None;
                settings.SerializationBinder = DenyAllSerializationBinder.Instance;
            }));
        return ActorSystem.Create(name, setup);
    }

    /// <summary>
    /// Starts the UID entities' and the relay renewals' shard regions and /user/registry, the <see cref="ClusterRegistry"/> the
    /// edge's directory actors are given instead of a local <see cref="Registry"/>.
    /// </summary>
    public static IActorRef StartRegistry(ActorSystem cluster, IRevocations? revocations, TimeSpan revocationPoll)
    {
        var region = ClusterSharding.Get(cluster).Start(UidTypeName, UidEntity.Props(), ClusterShardingSettings.Create(cluster), new UidShards());
        var renewals = ClusterSharding.Get(cluster).Start(RenewalTypeName, RenewalEntity.Props(Proposals.RelayRenewalWindow), ClusterShardingSettings.Create(cluster), new RenewalShards());
        var keys = cluster.Settings.Config.GetInt($"{Section}.online-keys", 32);
        return cluster.ActorOf(ClusterRegistry.Props(region, keys, revocations, revocationPoll, renewals), RegistryName);
    }

    /// <summary>
    /// One without the other is no directory node: when the cluster system ends (left, or downed by the
    /// split brain resolver on the minority side of a partition) the edge ends too, so its peers register
    /// elsewhere instead of at a node whose registrations nobody else sees; and the other way round.
    /// </summary>
    public static void TieLifetimes(ActorSystem edge, ActorSystem cluster)
    {
        edge.WhenTerminated.ContinueWith(_ => cluster.Terminate(), TaskScheduler.Default);
        cluster.WhenTerminated.ContinueWith(_ => edge.Terminate(), TaskScheduler.Default);
    }
}
