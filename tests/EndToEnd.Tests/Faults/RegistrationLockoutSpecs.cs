using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests.Faults;

/// <summary>Finding 8: one attacker process cannot keep an honest user from registering.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RegistrationLockoutSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task An_attacker_flooding_register_with_other_users_certificates_and_spoofed_senders_does_not_lock_an_honest_peer_out()
    {
        await using var network = await Network.Start();
        // 1,200 users' public certificates (bob's own among them): against the old limits, enough to keep
        // the 1,024 places full through the per-UID buckets; and two thousand made-up sender addresses.
        var victims = Enumerable.Range(0, 1200).Select(i => $"victim{i}").Append("bob").ToList();
        await using var mallory = await RegistrationFlooder.Start(network, "mallory", victims, spoofedSenders: 2000);

        // The flood is well under way before bob comes (a poll on the attacker's own counter).
        while (mallory.Sent < 20_000) await Task.Delay(50);

        var bob = network.Add(EncryptioProcess.Start("bob", "peer", "bob", "--home", network.Home,
            "--directory", $"127.0.0.1:{network.DirectoryPort}", "--json"));
        // Timed from bob's first attempt: how long the process takes to start under the flood's load is not the directory's doing.
        await bob.ExpectLog("resolving the directory at", TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        System.Text.Json.JsonElement registered;
        // A lockout is for ever; on a quiet machine bob is in within a second (docs/security.md), 10 s leaves room for a loaded one.
        try { registered = await bob.Expect("registered", timeout: TimeSpan.FromSeconds(10)); }
        finally
        {
            var log = network.Directory.Stderr.Split('\n');
            output.WriteLine($"mallory sent {mallory.Sent}; directory log ({log.Length} lines), its tail:\n{string.Join('\n', log.TakeLast(15))}");
        }
        output.WriteLine($"bob registered {clock.Elapsed.TotalSeconds:0.00}s after his first attempt; mallory had sent {mallory.Sent} Register");
        registered.GetProperty("uid").GetString().Should().Be("bob");
        bob.Stdout.Should().NotContain("directory-unavailable", "bob's first Register got through");
        // The attack was real and met its limits: Registers from made-up senders dropped unanswered, the
        // attacker's own connection held to its bucket whatever UIDs it claimed.
        network.Directory.Stderr.Should().Contain("dropped unanswered: no peer system is associated from that address");
        network.Directory.Stderr.Should().Contain("Register from this peer system at once");
        network.Directory.Stderr.Should().NotContain("DeathPactException");
    }
}
