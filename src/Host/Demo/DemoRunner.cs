using System.Threading.Channels;
using Akka.Actor;
using Encryptio.Host.Logging;
using Encryptio.Host.Nodes;
using Encryptio.Host.Pki;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

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
        var carol = StartPeer("carol", home, directory.Port, systems, stdout, stderr);
        foreach (var peer in new[] { alice, bob, carol }) await peer.Expect<RegisteredWithDirectory>();

        Step(stdout, "who is online");
        alice.Do(ListOnline.Instance);
        await alice.Expect<OnlineListed>(o => o.Uids.Contains(bob.Uid) && o.Uids.Contains(carol.Uid));

        Step(stdout, "alice proposes a conversation to bob; bob accepts");
        var pair = await Converse(alice, bob);

        Step(stdout, "messages both ways, each under a key of its own, with delivery receipts");
        await Exchange(alice, pair, "hello bob, this is alice", bob);
        await Exchange(bob, pair, "hi alice! héllo wörld ✓", alice);

        Step(stdout, "safety numbers: both sides must print the same digits");
        alice.Do(new VerifyPeer(bob.Uid));
        var aliceNumber = await alice.Expect<SafetyNumberComputed>();
        bob.Do(new VerifyPeer(alice.Uid));
        var bobNumber = await bob.Expect<SafetyNumberComputed>();
        if (aliceNumber.Number != bobNumber.Number) throw new InvalidOperationException("the two safety numbers differ");

        Step(stdout, "a message with a 2 s TTL expires and is dropped from history on both sides");
        alice.Do(new SetTtl(MessageTtl.FromSeconds(2)));
        var shortLived = await Exchange(alice, pair, "this message self-destructs in 2 seconds", bob);
        await alice.Expect<MessageExpired>(e => e.Id == shortLived);
        await bob.Expect<MessageExpired>(e => e.Id == shortLived);
        alice.Do(new SetTtl(MessageTtl.FromSeconds(300)));

        Step(stdout, "a group: alice, bob and carol, one pairwise session per member pair");
        var group = await Converse(alice, bob, carol);
        await Broadcast(alice, group, "hello both of you", bob, carol);
        await Broadcast(carol, group, "hi from carol", alice, bob);

        Step(stdout, "alice leaves the first conversation");
        alice.Do(new LeaveConversation(pair));
        await bob.Expect<PeerDisconnected>(d => d.Conversation == pair);
        await bob.Expect<ConversationEnded>(e => e.Conversation == pair);
    }

    private static void Step(TextWriter stdout, string title) => stdout.WriteLine($"\n== {title}");

    /// <summary>The first peer proposes, the others accept, and every pair's encrypted link comes up.</summary>
    private static async Task<ConversationId> Converse(DemoPeer proposer, params DemoPeer[] invited)
    {
        proposer.Do(new ConnectTo([.. invited.Select(p => p.Uid)]));
        var proposed = await proposer.Expect<ProposalSent>();
        foreach (var peer in invited)
        {
            await peer.Expect<ProposalArrived>(p => p.Conversation == proposed.Conversation);
            peer.Do(new AcceptConversation(proposed.Conversation));
        }
        var everyone = invited.Prepend(proposer).ToArray();
        foreach (var peer in everyone)
            for (var linked = 0; linked < everyone.Length - 1; linked++)
                await peer.Expect<ConversationConnected>(c => c.Conversation == proposed.Conversation);
        return proposed.Conversation;
    }

    private static Task<string> Exchange(DemoPeer from, ConversationId conversation, string text, DemoPeer to) =>
        Broadcast(from, conversation, text, to);

    /// <summary>Sends a message and waits until every recipient showed it and acknowledged it.</summary>
    private static async Task<string> Broadcast(DemoPeer from, ConversationId conversation, string text, params DemoPeer[] recipients)
    {
        from.Do(new SendText(conversation, ChatText.From(text)));
        var sent = await from.Expect<MessageSent>(s => s.Conversation == conversation);
        foreach (var to in recipients)
            await to.Expect<MessageReceived>(m => m.Id == sent.Id && m.Text == text);
        var receipts = recipients.Select(r => r.Uid).ToHashSet();
        while (receipts.Count > 0)
        {
            var delivered = await from.Expect<MessageDelivered>(d => d.Id == sent.Id);
            receipts.Remove(delivered.Peer);
        }
        return sent.Id;
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
