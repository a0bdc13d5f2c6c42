using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests;

/// <summary>
/// Two peers behind a real masquerading NAT each (network namespaces on this machine, <see cref="NatLab"/>),
/// the directory on the public side: the direct dial fails for real and the relay carries the conversation.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NatSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_peers_behind_separate_NATs_cannot_dial_each_other_and_talk_through_the_relay()
    {
        var (lab, why) = await NatLab.TryCreate();
        if (lab is null)
        {
            var message = $"SKIPPED: no real NAT here: {why}";
            output.WriteLine(message);
            await Console.Error.WriteLineAsync($"NatSpecs: {message}");
            return;
        }
        await using var nat = lab;
        var home = Path.Combine(Path.GetTempPath(), "encryptio-nat-" + Guid.NewGuid().ToString("N")[..10]);
        var processes = new List<EncryptioProcess>();
        try
        {
            var init = await EncryptioProcess.RunToEnd("init", "--home", home, "--host", NatLab.PublicHost);
            init.ExitCode.Should().Be(0, init.Stderr);
            const int DirectoryPort = 4053, RelayPort = 4054; // the namespaces are this test's own: nothing else listens there
            var directory = Started(EncryptioProcess.StartIn(nat.Public, "directory", "directory", "--home", home, "--host", NatLab.PublicHost,
                "--port", $"{DirectoryPort}", "--relay-port", $"{RelayPort}"));
            await directory.ExpectLog("directory listening");

            // Each peer advertises its own private address, as a peer behind a NAT knows no other.
            async Task<EncryptioProcess> Peer(string ns, string uid, string host)
            {
                var peer = Started(EncryptioProcess.StartIn(ns, uid, "peer", uid, "--home", home, "--directory", $"{NatLab.PublicHost}:{DirectoryPort}",
                    "--advertise", $"{host}:7000", "--json"));
                await peer.Expect("registered", e => e.GetProperty("uid").GetString() == uid, TimeSpan.FromSeconds(60));
                return peer;
            }
            var alice = await Peer(nat.Alice, "alice", NatLab.AliceHost);
            var bob = await Peer(nat.Bob, "bob", NatLab.BobHost);

            alice.Send(new { cmd = "connect", to = new[] { "bob" } });
            var conversation = (await alice.Expect("proposed")).GetProperty("conversation").GetString()!;
            await bob.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation);
            bob.Send(new { cmd = "accept", conversation });
            foreach (var peer in new[] { alice, bob })
            {
                var connected = await peer.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation, TimeSpan.FromSeconds(30));
                connected.GetProperty("path").GetString().Should().Be("relay", $"{peer.Name} is behind a NAT: only the relay reaches the other");
            }

            var texts = Enumerable.Range(0, 20).Select(i => $"across two NATs #{i:D2}").ToArray();
            foreach (var text in texts)
            {
                alice.Send(new { cmd = "send", conversation, text });
                bob.Send(new { cmd = "send", conversation, text = "re: " + text });
            }
            (await Conversations.Received(bob, conversation, texts.Length)).Select(m => m.Text).Should().Equal(texts);
            (await Conversations.Received(alice, conversation, texts.Length)).Select(m => m.Text).Should().Equal(texts.Select(t => "re: " + t));
            alice.Stderr.Should().Contain($"direct link to {NatLab.BobHost}:7000 failed", "alice (the dialer) tried bob's address first, and it failed for real");
            directory.Stderr.Should().Contain("relay: spliced");
            output.WriteLine("the directory saw the peers as: " + string.Join("; ", directory.Stderr.Split('\n').Where(l => l.Contains("registered ", StringComparison.Ordinal))));
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(processes)) await process.DisposeAsync();
            try { System.IO.Directory.Delete(home, recursive: true); } catch (IOException) { }
        }

        EncryptioProcess Started(EncryptioProcess process)
        {
            processes.Add(process);
            return process;
        }
    }
}
