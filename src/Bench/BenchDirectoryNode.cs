using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Encryptio.Directory;
using Encryptio.Directory.Cluster;
using Encryptio.Testing;
using Encryptio.Runtime.Transport;

namespace Encryptio.Bench;

/// <summary>
/// One directory node in this process, as `encryptio directory` runs it: the edge system peers talk to
/// (NodeSystem: Akka.Remote with mutual TLS) and, when clustered, the internal cluster system
/// (DirectoryCluster: its own port, mutual TLS for directory certificates only) holding the sharded
/// registry, joined to <c>seed</c> (or to itself) and Up before the edge starts its actors.
/// </summary>
public sealed class BenchDirectoryNode
{
    private BenchDirectoryNode(ActorSystem edge, ActorSystem? inner)
    {
        Edge = edge;
        Inner = inner;
    }

    public ActorSystem Edge { get; }

    /// <summary>The cluster system; null for a single node (the local Registry).</summary>
    public ActorSystem? Inner { get; }

    public Address EdgeAddress => ((ExtendedActorSystem)Edge).Provider.DefaultAddress;

    public Address? ClusterAddress => Inner is null ? null : Akka.Cluster.Cluster.Get(Inner).SelfAddress;

    public static BenchDirectoryNode Start(TestPki pki, X509Certificate2 certificate, Config edgeConfig, Config? clusterConfig, Address? seed)
    {
        ActorSystem? inner = null;
        IActorRef? registry = null;
        if (clusterConfig is not null)
        {
            inner = DirectoryCluster.CreateSystem("encryptio-cluster", clusterConfig, certificate, pki.Trust);
            var cluster = Akka.Cluster.Cluster.Get(inner);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(seed ?? cluster.SelfAddress);
            if (!up.Task.Wait(TimeSpan.FromSeconds(60)))
                throw new InvalidOperationException($"bench: cluster node {cluster.SelfAddress} was not Up within 60 s");
            registry = DirectoryCluster.StartRegistry(inner, revocations: null, TimeSpan.FromSeconds(1));
        }
        var edge = NodeSystem.Create("encryptio-directory", edgeConfig, certificate, pki.Trust);
        DirectoryNode.Start(edge, DirectorySettings.FromConfig(edgeConfig), pki.Trust, registry: registry);
        if (inner is not null) DirectoryCluster.TieLifetimes(edge, inner);
        return new BenchDirectoryNode(edge, inner);
    }

    /// <summary>Both systems at once. The bench's cluster config turns coordinated shutdown off on terminate, so the node does not leave gracefully: its peers and the other nodes find out as after a crash.</summary>
    public void Stop(TimeSpan timeout) =>
        Task.WhenAll(Edge.Terminate(), Inner?.Terminate() ?? Task.CompletedTask).Wait(timeout);
}
