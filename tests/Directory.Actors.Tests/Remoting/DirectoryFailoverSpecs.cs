using Akka.TestKit;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// A peer that knows several directory nodes (`--directory H:P,H:P`) registers with one that answers,
/// whichever order it tries them in: a node that is down costs an attempt, not the registration.
/// </summary>
public sealed class DirectoryFailoverSpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    [Fact]
    public async Task A_peer_that_knows_several_directory_nodes_registers_with_the_one_that_answers_when_another_is_down()
    {
        var certificate = Pkis.Encryptio.IssueUser("alice");
        var system = StartPeer("alice", certificate, Pkis.Encryptio.Trust);
        var live = new PeerEndpoint(DirectoryAddress.Host!, DirectoryAddress.Port!.Value);
        var down = new PeerEndpoint("127.0.0.1", PortNobodyListensOn());
        var settings = PeerSettings.From(system.Settings.Config, Uid.Parse("alice")) with
        {
            Directory = down,
            Directories = [down, live],
            DirectorySystemName = DirectoryAddress.System,
            RegisterBackoffMin = TimeSpan.FromMilliseconds(200),
            RegisterBackoffMax = TimeSpan.FromSeconds(1),
            RegistrationTimeout = TimeSpan.FromSeconds(2),
        };
        var events = CreateTestProbe(system);

        system.ActorOf(PeerActor.Props(settings, new PeerIdentity(settings.Uid, certificate, Pkis.Encryptio.Trust), consoleProps: null, observer: events.Ref), "peer");

        (await events.FishForMessageAsync<RegisteredWithDirectory>(_ => true, TimeSpan.FromSeconds(30))).Uid.Should().Be(settings.Uid);
    }

    [Theory]
    [InlineData("127.0.0.1:4053,127.0.0.1:4063", 2, null)]
    [InlineData("127.0.0.1:4053", 1, null)]
    [InlineData("127.0.0.1:4053,127.0.0.1:4053", 0, "127.0.0.1:4053 is listed twice")]
    [InlineData("127.0.0.1:4053,nonsense", 0, "HOST:PORT")]
    public void A_directory_list_is_parsed_once_and_a_bad_entry_is_named(string text, int count, string? error)
    {
        PeerSettings.TryParseDirectories(text, out var directories, out var why).Should().Be(error is null);
        directories.Length.Should().Be(count);
        if (error is not null) why.Should().Contain(error);
    }

    private static int PortNobodyListensOn()
    {
        var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}
