using System.Threading.Channels;
using Akka.Actor;
using Encryptio.Host.Logging;
using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;

namespace Encryptio.Host.Demo;

/// <summary>
/// `encryptio demo`: a temporary HOME and PKI, a directory, and peers driven by a script, all in
/// this process over real mutual TLS and real TCP on loopback. The conversation goes to standard
/// output, the logs to standard error. Exit 0 when every step happened.
/// </summary>
public static class DemoRunner
{
    public static int Run(TextWriter stdout, TextWriter stderr)
    {
        ConsoleLogging.Configure("demo");
        var home = Path.Combine(Path.GetTempPath(), "encryptio-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var systems = new List<ActorSystem>();
        try
        {
            RunAsync(home, systems, stdout, stderr).GetAwaiter().GetResult();
            stdout.WriteLine("demo: every step completed");
            return 0;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            stderr.WriteLine($"encryptio: demo failed: {e.Message}");
            return 1;
        }
        finally
        {
            foreach (var system in Enumerable.Reverse(systems))
                CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).Wait(TimeSpan.FromSeconds(10));
            Serilog.Log.CloseAndFlush();
            try { System.IO.Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task RunAsync(string home, List<ActorSystem> systems, TextWriter stdout, TextWriter stderr)
    {
        var pki = new PkiStore(home);
        pki.Initialize(["127.0.0.1"]);
        stdout.WriteLine($"demo: temporary PKI in {home}");

        var directory = DirectoryHost.Start(new DirectoryHost.Options(home, "127.0.0.1", 0), line => stderr.WriteLine(line));
        systems.Add(directory.System);
        stdout.WriteLine($"demo: directory at 127.0.0.1:{directory.Port}");

        var alice = StartPeer("alice", home, directory.Port, systems, stdout, stderr);
        var bob = StartPeer("bob", home, directory.Port, systems, stdout, stderr);
        await alice.Expect<RegisteredWithDirectory>();
        await bob.Expect<RegisteredWithDirectory>();

        alice.Do(ListOnline.Instance);
        await alice.Expect<OnlineListed>(o => o.Uids.Contains(bob.Uid));

        alice.Do(new ConnectTo([bob.Uid]));
        var proposed = await alice.Expect<ProposalSent>();
        var invitation = await bob.Expect<ProposalArrived>(p => p.Conversation == proposed.Conversation);
        bob.Do(new AcceptConversation(invitation.Conversation));
        await alice.Expect<PeerIntroduced>(i => i.Conversation == proposed.Conversation && i.Peer == bob.Uid);
        await bob.Expect<PeerIntroduced>(i => i.Conversation == proposed.Conversation && i.Peer == alice.Uid);

        alice.Do(new VerifyPeer(bob.Uid));
        var aliceNumber = await alice.Expect<SafetyNumberComputed>();
        bob.Do(new VerifyPeer(alice.Uid));
        var bobNumber = await bob.Expect<SafetyNumberComputed>();
        if (aliceNumber.Number != bobNumber.Number)
            throw new InvalidOperationException("the two safety numbers differ");
    }

    private static DemoPeer StartPeer(string name, string home, int directoryPort, List<ActorSystem> systems, TextWriter stdout, TextWriter stderr)
    {
        var uid = Uid.Parse(name);
        var channel = Channel.CreateUnbounded<IPeerEvent>();
        var options = new PeerHost.Options(uid, home, $"127.0.0.1:{directoryPort}", 0, null);
        var running = PeerHost.Start(options, consoleProps: null,
            observer: system => system.ActorOf(EventChannelActor.Props(channel.Writer), "demo-observer"),
            say: line => stderr.WriteLine(line));
        systems.Add(running.System);
        return new DemoPeer(uid, running, channel.Reader, stdout);
    }
}
