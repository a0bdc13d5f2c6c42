using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>The real program as separate processes: a directory and peers in `--json` mode.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DirectoryFlowSpecs
{
    [Fact]
    public async Task Two_peers_register_propose_accept_and_are_introduced_to_each_other()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");

        alice.Send(new { cmd = "who" });
        var online = await alice.Expect("online", e => e.GetProperty("uids").GetArrayLength() == 2);
        online.GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().BeEquivalentTo("alice", "bob");

        alice.Send(new { cmd = "connect", to = new[] { "bob" } });
        var proposed = await alice.Expect("proposed");
        var conversation = proposed.GetProperty("conversation").GetString()!;
        conversation.Should().MatchRegex("^[0-9a-f]{32}$");

        var proposal = await bob.Expect("proposal");
        proposal.GetProperty("conversation").GetString().Should().Be(conversation);
        proposal.GetProperty("from").GetString().Should().Be("alice");

        bob.Send(new { cmd = "accept", conversation });
        var aliceIntro = await alice.Expect("introduced");
        var bobIntro = await bob.Expect("introduced");
        aliceIntro.GetProperty("peer").GetString().Should().Be("bob");
        aliceIntro.GetProperty("dialer").GetBoolean().Should().BeTrue("alice sorts first, so she dials");
        bobIntro.GetProperty("peer").GetString().Should().Be("alice");
        bobIntro.GetProperty("dialer").GetBoolean().Should().BeFalse();
        await network.Directory.ExpectLog("introduc");
    }

    [Fact]
    public async Task A_peer_stopped_with_SIGTERM_unregisters_before_it_exits()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");
        var bob = await network.StartPeer("bob");

        (await bob.Terminate(TimeSpan.FromSeconds(20))).Should().BeTrue("CoordinatedShutdown ends the process");
        bob.ExitCode.Should().Be(0);
        await network.Directory.ExpectLog("bob unregistered");

        alice.Send(new { cmd = "who" });
        var online = await alice.Expect("online");
        online.GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().Equal("alice");
    }

    [Fact]
    public async Task Bad_input_gets_an_error_event_and_the_peer_goes_on()
    {
        await using var network = await Network.Start();
        var alice = await network.StartPeer("alice");

        alice.SendRaw("this is not json");
        (await alice.Expect("error")).GetProperty("message").GetString().Should().Contain("JSON");

        alice.Send(new { cmd = "connect", to = new[] { "nobody" } });
        var refused = await alice.Expect("error");
        refused.GetProperty("message").GetString().Should().Contain("nobody");
        refused.GetProperty("command").GetString().Should().Be("connect");
        refused.GetProperty("code").GetString().Should().Be("not-online", "the directory's refusal carries its reason code (wire 1.2)");

        alice.Send(new { cmd = "connect", to = new[] { "alice" } });
        (await alice.Expect("error")).GetProperty("message").GetString().Should().Contain("yourself");

        alice.Send(new { cmd = "accept", conversation = "00112233445566778899aabbccddeeff" });
        (await alice.Expect("error")).GetProperty("command").GetString().Should().Be("accept");

        alice.Send(new { cmd = "who" });
        await alice.Expect("online");
    }

    [Fact]
    public async Task A_peer_whose_directory_is_down_keeps_retrying_and_registers_when_it_comes_up()
    {
        var home = Path.Combine(Path.GetTempPath(), "encryptio-e2e-" + Guid.NewGuid().ToString("N")[..10]);
        (await EncryptioProcess.RunToEnd("init", "--home", home)).ExitCode.Should().Be(0);
        var port = FreePort.Next();
        await using var alice = EncryptioProcess.Start("alice", "peer", "alice", "--home", home, "--directory", $"127.0.0.1:{port}", "--json");
        await alice.Expect("directory-unavailable");
        await alice.Expect("directory-unavailable", e => e.GetProperty("attempt").GetInt32() >= 2);
        alice.Stderr.Should().Contain("retrying in");

        await using var directory = EncryptioProcess.Start("directory", "directory", "--home", home, "--port", port.ToString(), "--relay-port", FreePort.Next().ToString());
        (await alice.Expect("registered", timeout: TimeSpan.FromSeconds(45))).GetProperty("uid").GetString().Should().Be("alice");
        await directory.Terminate(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("peer", "Not_A_Uid")]
    [InlineData("peer", "bob", "--directory", "nonsense")]
    [InlineData("directory", "--no-such-option")]
    public async Task A_bad_command_line_exits_2_with_a_one_line_reason(params string[] args)
    {
        var result = await EncryptioProcess.RunToEnd(args);
        result.ExitCode.Should().Be(2);
        result.Stderr.Should().StartWith("encryptio: ");
    }
}
