using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>Keys a user can trust: pins on first use, and certificates the operator revokes.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class IdentitySpecs
{
    [Fact]
    public async Task A_peer_whose_key_changed_is_flagged_and_blocked_until_the_user_trusts_it()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        await Conversations.Start(alice, bob);

        // bob re-enrolls: a new key under the same UID, as a directory operator could also issue.
        await bob.DisposeAsync();
        System.IO.Directory.Delete(Path.Combine(network.Home, "users", "bob"), recursive: true);
        bob = await network.StartPeer("bob");

        alice.Send(new { cmd = "connect", to = new[] { "bob" } });
        var conversation = (await alice.Expect("proposed")).GetProperty("conversation").GetString()!;
        await bob.Expect("proposal", e => e.GetProperty("conversation").GetString() == conversation);
        bob.Send(new { cmd = "accept", conversation });

        (await alice.Expect("key-changed")).GetProperty("uid").GetString().Should().Be("bob");
        alice.Send(new { cmd = "send", conversation, text = "are you really bob?" });
        (await alice.Expect("error", e => e.GetProperty("command").GetString() == "send")).GetProperty("message").GetString()
            .Should().Contain("blocked");

        alice.Send(new { cmd = "verify", uid = "bob" });
        bob.Send(new { cmd = "verify", uid = "alice" });
        var aliceNumber = (await alice.Expect("safety-number")).GetProperty("number").GetString();
        var bobNumber = (await bob.Expect("safety-number")).GetProperty("number").GetString();
        aliceNumber.Should().Be(bobNumber, "both sides see the same new key");

        alice.Send(new { cmd = "trust", uid = "bob" });
        await alice.Expect("connected", e => e.GetProperty("conversation").GetString() == conversation);
        alice.Send(new { cmd = "send", conversation, text = "welcome back" });
        (await bob.Expect("message", e => e.GetProperty("conversation").GetString() == conversation)).GetProperty("text").GetString()
            .Should().Be("welcome back");
    }

    [Fact]
    public async Task A_revoked_certificate_is_refused_by_the_running_directory_and_the_refusal_is_logged()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        await alice.DisposeAsync();

        var revoke = await EncryptioProcess.RunToEnd("revoke", "alice", "--home", network.Home);
        revoke.ExitCode.Should().Be(0, revoke.Stderr);

        await using var again = network.Add(EncryptioProcess.Start("alice", "peer", "alice", "--home", network.Home,
            "--directory", $"127.0.0.1:{network.DirectoryPort}", "--json"));
        try { await again.Expect("directory-unavailable"); }
        catch (InvalidOperationException)
        {
            // The refusal can also reach Akka.Remote as a failed TLS handshake, after which it ends the
            // node (Akka.NET 1.5.50+): then the peer says why in one line and exits non-zero.
            (await again.WaitForExit(TimeSpan.FromSeconds(30))).Should().BeTrue();
            again.ExitCode.Should().Be(1);
            again.Stderr.Should().Contain("the TLS handshake with the directory failed");
        }
        await network.Directory.ExpectLog("revoked");
        again.Stdout.Should().NotContain("\"registered\"");
    }

    [Fact]
    public async Task A_user_revoked_while_registered_is_dropped_within_seconds()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");
        var conversation = await Conversations.Start(alice, bob);

        var revoke = await EncryptioProcess.RunToEnd("revoke", "bob", "--home", network.Home);
        revoke.ExitCode.Should().Be(0, revoke.Stderr);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The CA-signed notice reaches alice through the directory: bob's session ends, sending to it is refused.
        var revoked = await alice.Expect("key-revoked", timeout: TimeSpan.FromSeconds(10));
        revoked.GetProperty("peer").GetString().Should().Be("bob");
        revoked.GetProperty("conversation").GetString().Should().Be(conversation);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the directory polls its revocation list every second");
        await alice.Expect("conversation-ended", e => e.GetProperty("conversation").GetString() == conversation);
        alice.Send(new { cmd = "send", conversation, text = "still you?" });
        (await alice.Expect("error", e => e.TryGetProperty("command", out var c) && c.GetString() == "send"))
            .GetProperty("message").GetString().Should().Contain("bob's key was revoked by the CA");

        // `who` no longer lists bob, and his own node was told why.
        alice.Send(new { cmd = "who" });
        var online = await alice.Expect("online");
        online.GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().Equal("alice");
        (await bob.Expect("key-revoked")).GetProperty("peer").GetString().Should().Be("bob");
        await network.Directory.ExpectLog("bob dropped: its certificate");
    }
}
