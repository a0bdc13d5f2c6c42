using Akka.Actor;
using Encryptio.Host.Cli;
using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Host.Tests.Support;
using Encryptio.Messages.Identity;

namespace Encryptio.Host.Tests.Nodes;

/// <summary>
/// A node on "another machine" (a HOME of its own, made by `encryptio directory-cert`) joins the cluster
/// of the node holding the CA; a user's certificate in its place does not get a node started at all.
/// </summary>
public sealed class DirectoryCertClusterSpecs : IDisposable
{
    private readonly TempHome _first = new();
    private readonly TempHome _elsewhere = new();
    private readonly List<DirectoryHost.Running> _nodes = [];

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.System.Terminate().Wait(TimeSpan.FromSeconds(10));
            node.Cluster?.Terminate().Wait(TimeSpan.FromSeconds(10));
        }
        _first.Dispose();
        _elsewhere.Dispose();
    }

    private DirectoryHost.Running StartNode(string home, params string[] seeds)
    {
        var running = DirectoryHost.Start(new DirectoryHost.Options(home, "127.0.0.1", 0, "warning", ClusterPort: 0, Seeds: seeds,
            JoinTimeout: TimeSpan.FromSeconds(20)) { RelayPort = 0 }, _ => { });
        _nodes.Add(running);
        return running;
    }

    private static string ClusterEndpoint(DirectoryHost.Running node) =>
        $"127.0.0.1:{((ExtendedActorSystem)node.Cluster!).Provider.DefaultAddress.Port}";

    private string Issue(string name)
    {
        var out_ = Path.Combine(_elsewhere.Path, name);
        CommandLine.Run(["directory-cert", "--home", _first.Path, "--out", out_], TextWriter.Null, TextWriter.Null).Should().Be(CommandLine.Success);
        return out_;
    }

    [Fact]
    public void A_node_with_a_certificate_from_directory_cert_joins_the_cluster_of_the_node_holding_the_ca()
    {
        new PkiStore(_first.Path).Initialize([]);
        var first = StartNode(_first.Path);
        var secondHome = Issue("node2");

        var second = StartNode(secondHome, ClusterEndpoint(first));

        // Start returns once this node is Up, which the leader (the first node) decides: both are members then.
        var view = Akka.Cluster.Cluster.Get(second.Cluster!).State;
        view.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address)
            .Should().BeEquivalentTo([Akka.Cluster.Cluster.Get(first.Cluster!).SelfAddress, Akka.Cluster.Cluster.Get(second.Cluster!).SelfAddress]);
    }

    [Fact]
    public void A_node_whose_home_holds_a_user_certificate_instead_is_refused_in_one_line_and_the_cluster_stays_as_it_was()
    {
        var pki = new PkiStore(_first.Path);
        pki.Initialize([]);
        pki.Enroll(Uid.Parse("mallory"));
        var first = StartNode(_first.Path);
        var malloryHome = Issue("mallory-node");
        var mallory = new PkiStore(malloryHome);
        // Mallory, an enrolled user, puts her own certificate where the node's directory certificate goes.
        File.Copy(pki.UserCertificatePath(Uid.Parse("mallory")), mallory.DirectoryCertificatePath, overwrite: true);
        File.Copy(pki.UserKeyPath(Uid.Parse("mallory")), mallory.DirectoryKeyPath, overwrite: true);

        var start = () => StartNode(malloryHome, ClusterEndpoint(first));

        start.Should().Throw<PkiException>().Which.Message.Should().Contain("is not a directory certificate").And.NotContain("\n");
        Akka.Cluster.Cluster.Get(first.Cluster!).State.Members.Should().ContainSingle();
    }
}
