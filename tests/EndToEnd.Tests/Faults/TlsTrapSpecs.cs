using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>
/// Akka.Remote (1.5.50+) ends an actor system when a TLS handshake it started fails. The directory starts
/// one whenever it must reach a peer whose connection is gone (DeathWatch heartbeats), so a registered
/// user can make its own remoting address answer with something that fails TLS (docs/security.md).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TlsTrapSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task A_user_answering_its_own_remoting_port_with_a_failing_TLS_server_cannot_end_the_directory()
    {
        await using var network = await Network.Start();
        var mallory = await network.StartPeer("mallory");
        var port = int.Parse(RemotingPort.Match(mallory.Stderr).Groups[1].Value);

        // mallory's node vanishes without a word, and her port now accepts and hangs up at once.
        mallory.Kill();
        (await mallory.WaitForExit(TimeSpan.FromSeconds(10))).Should().BeTrue();
        using var trap = new TcpListener(IPAddress.Loopback, port);
        trap.Start();
        using var stop = new CancellationTokenSource();
        var hangUps = Task.Run(async () =>
        {
            var count = 0;
            try { while (true) { using var _ = await trap.AcceptTcpClientAsync(stop.Token); count++; } }
            catch (OperationCanceledException) { }
            return count;
        });

        // The directory's heartbeat dials the trap, Akka.Remote ends the system, and the node starts again.
        await network.Directory.ExpectLog("starting it again", TimeSpan.FromSeconds(45));
        stop.Cancel();
        output.WriteLine($"the trap hung up on {await hangUps} connection(s) from the directory");

        network.Directory.HasExited.Should().BeFalse("the directory process goes on");
        var alice = await network.StartPeer("alice");
        alice.Send(new { cmd = "who" });
        (await alice.Expect("online")).GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().Contain("alice");
    }

    private static readonly Regex RemotingPort = new(@"listening on addresses : \[akka\.ssl\.tcp://[^@]+@[^:]+:(\d+)\]");
}
