using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Encryptio.Directory.Cluster;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Actors.Tests.Cluster.Support;

/// <summary>
/// One directory node of a cluster spec: an edge system (local, carrying the directory's TLS setup as
/// in DirectorySpec; probes play the peers) and a real cluster system (hocon/cluster.conf, real
/// Akka.Remote with mutual TLS, 127.0.0.1, a free port) holding the sharded registry.
/// </summary>
public sealed record ClusterNode(string Name, ActorSystem Edge, ActorSystem Inner, IActorRef Gate)
{
    /// <summary>The node's relay on a real socket, when the spec asked for one.</summary>
    public Encryptio.Directory.Relay.RelayReference? Relay { get; init; }

    public Address ClusterAddress => Akka.Cluster.Cluster.Get(Inner).SelfAddress;

    public async Task StopAsync() => await Task.WhenAll(Inner.Terminate(), Edge.Terminate());
}

public static class ClusterNodes
{
    /// <summary>
    /// Gossip, failure detection, Distributed Data and Sharding tuned for a spec (the shipped values
    /// are seconds): a 3-node cluster forms in about a second on 127.0.0.1.
    /// </summary>
    public const string FastTimings = """
        akka {
          loglevel = INFO
          stdout-loglevel = OFF
          loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
          logger-formatter = "Akka.Event.DefaultLogMessageFormatter, Akka"
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          # A spec's node stops at once, like a crash, instead of leaving gracefully (seconds of
          # hand-off while its peers stop too); the removal spec downs it explicitly.
          coordinated-shutdown.run-by-actor-system-terminate = off
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
          cluster {
            gossip-interval = 100ms
            leader-actions-interval = 100ms
            unreachable-nodes-reaper-interval = 100ms
            periodic-tasks-initial-delay = 0s
            publish-stats-interval = off
            failure-detector {
              heartbeat-interval = 200ms
              acceptable-heartbeat-pause = 1s
              expected-response-after = 200ms
            }
            split-brain-resolver.stable-after = 1s
            sharding {
              retry-interval = 100ms
              shard-start-timeout = 1s
              handoff-timeout = 2s
              rebalance-interval = 1s
              coordinator-failure-backoff = 200ms
              waiting-for-state-timeout = 500ms
              updating-state-timeout = 1s
              distributed-data.gossip-interval = 100ms
            }
            pub-sub.gossip-interval = 100ms
            distributed-data {
              gossip-interval = 100ms
              notify-subscribers-interval = 50ms
            }
          }
        }
        """;

    private const string EdgeHocon = "akka.loglevel = INFO\n" + DirectoryNode.GuardianHocon + "\n" + PeerLinks.MailboxHocon + """

        akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
        akka.stdout-loglevel = OFF
        """;

    public static readonly DirectorySettings Settings = DirectorySettings.Default with { DirectoryId = "test-directory" };

    public static Config ClusterConfig(string? overrides = null) =>
        ConfigurationFactory.ParseString(overrides ?? "")
            .WithFallback(ConfigurationFactory.ParseString(FastTimings))
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "cluster.conf"))))
            .WithFallback(Akka.TestKit.Xunit2.TestKit.DefaultConfig);

    /// <summary>Starts a node; it joins <paramref name="seed"/>, or itself when none.</summary>
    /// <param name="withRelay">Also starts the node's relay (real TLS on a free port of 127.0.0.1).</param>
    public static ClusterNode Start(string name, Address? seed, IRevocations? revocations = null, string? overrides = null, bool withRelay = false)
    {
        var certificate = Pkis.Encryptio.DirectoryCertificate;
        var inner = DirectoryCluster.CreateSystem("encryptio-cluster", ClusterConfig(overrides), certificate, Pkis.Encryptio.Trust);
        var registry = DirectoryCluster.StartRegistry(inner, revocations, TimeSpan.FromMilliseconds(100));
        var edge = ActorSystem.Create($"edge-{name}", BootstrapSetup.Create()
            .WithConfig(ConfigurationFactory.ParseString(EdgeHocon).WithFallback(Akka.TestKit.Xunit2.TestKit.DefaultConfig))
            .And(new DotNettySslSetup(certificate, suppressValidation: false)));
        var relay = withRelay
            ? DirectoryNode.StartRelay(edge, Encryptio.Directory.Relay.RelaySettings.Default, "127.0.0.1", "127.0.0.1", 0, certificate, Pkis.Encryptio.Trust)
            : null;
        var gate = DirectoryNode.Start(edge, Settings, Pkis.Encryptio.Trust, registry: registry, relay: relay);
        DirectoryCluster.TieLifetimes(edge, inner);
        var cluster = Akka.Cluster.Cluster.Get(inner);
        cluster.Join(seed ?? cluster.SelfAddress);
        return new ClusterNode(name, edge, inner, gate) { Relay = relay };
    }

    public static Register RegisterAs(string uid, int port = 7000) =>
        new(Uid.Parse(uid), ImmutableArray.Create(Pkis.Encryptio.UserCertificate(uid).RawData), new PeerEndpoint($"{uid}.peers.test", port), Register.CurrentVersion);

    /// <summary>What an honest peer signs for a challenge of a node presenting the shared directory certificate.</summary>
    public static AuthProof ProofFor(AuthChallenge challenge, Register register)
    {
        using var key = Pkis.Encryptio.UserCertificate(register.Uid.Value).GetECDsaPrivateKey()!;
        var directoryKey = CertificateRoles.KeyFingerprint(Pkis.Encryptio.DirectoryCertificate);
        var transcript = AuthTranscript.Build(directoryKey, challenge.DirectoryId, challenge.Nonce.AsSpan(), register.Uid, register.P2P);
        return new AuthProof(ImmutableArray.Create(key.SignData(transcript, HashAlgorithmName.SHA384)));
    }
}
