using Akka.Actor;
using Akka.Cluster;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Directory.Cluster;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Runtime.Transport;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>
/// Only directory nodes are members of the directory cluster: its TLS accepts directory certificates
/// alone, so an enrolled user (whose certificate the same CA signed) cannot join, gossip, or send Down.
/// </summary>
public sealed class ClusterAdmissionSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    [Fact]
    public async Task A_user_certificate_cannot_join_the_directory_cluster()
    {
        var nodes = await FormAsync(1);
        var seed = nodes[0];
        // Mallory's own build: it presents her user certificate and accepts the directory's.
        var user = Pkis.Encryptio.IssueUser("mallory");
        var mallory = ActorSystem.Create("encryptio-cluster", BootstrapSetup.Create()
            .WithConfig(ClusterNodes.ClusterConfig())
            .And(MutualTls.Setup(user, Pkis.Encryptio.Trust, CertificateRole.Directory)));
        try
        {
            await CreateEventFilter(seed.Inner).Warning(contains: "only a directory certificate is accepted here").ExpectAsync(1, async () =>
            {
                Akka.Cluster.Cluster.Get(mallory).Join(seed.ClusterAddress);
                await Task.CompletedTask;
            }, TimeSpan.FromSeconds(10));

            Akka.Cluster.Cluster.Get(seed.Inner).State.Members.Select(m => m.Address).Should().Equal(seed.ClusterAddress);
            Akka.Cluster.Cluster.Get(mallory).State.Members.Should().NotContain(m => m.Address.Equals(seed.ClusterAddress));
        }
        finally
        {
            await mallory.Terminate();
        }
    }

    [Fact]
    public void A_cluster_node_with_a_user_certificate_is_refused_at_start()
    {
        var act = () => DirectoryCluster.CreateSystem("encryptio-cluster", ClusterNodes.ClusterConfig(), Pkis.Encryptio.IssueUser("mallory"), Pkis.Encryptio.Trust);
        act.Should().Throw<InvalidOperationException>().WithMessage("*needs a directory certificate*user role*");
    }
}
