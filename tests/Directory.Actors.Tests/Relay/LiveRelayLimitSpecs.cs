using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Encryptio.Directory.Relay;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;
using Encryptio.Peer.Link;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests.Relay;

/// <summary>A spliced pair's own limits on a real relay: the byte-rate cap and the idle timeout.</summary>
public sealed class LiveRelayLimitSpecs : TestKit
{
    private const long Rate = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly RelayReference _relay;

    public LiveRelayLimitSpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO"), output: output)
    {
        var settings = RelaySettings.Default with { MaxBytesPerSecond = Rate, IdleTimeout = TimeSpan.FromMilliseconds(600) };
        _relay = DirectoryNode.StartRelay(Sys, settings, "127.0.0.1", "127.0.0.1", 0, Pkis.Encryptio.DirectoryCertificate, Pkis.Encryptio.Trust);
    }

    private async Task<(RelayDial.Outcome Alice, RelayDial.Outcome Bob)> PairAsync()
    {
        var token = RelayPreface.NewToken();
        _relay.Relay.Tell(new IssueRelayToken(token, Uid.Parse("alice"), Uid.Parse("bob")));
        Task<RelayDial.Outcome> Dial(string uid) => RelayDial.ConnectAsync(_relay.Endpoint, Pkis.Encryptio.UserCertificate(uid), Pkis.Encryptio.Trust,
            token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);
        var alice = Dial("alice");
        var bob = await Dial("bob");
        return (await alice, bob);
    }

    [Fact]
    public async Task A_sender_above_the_pairs_byte_rate_is_slowed_to_it_by_back_pressure()
    {
        var (a, b) = await PairAsync();
        using var alice = a;
        using var bob = b;
        var payload = new byte[4 * Rate]; // one second of burst, then three at the rate
        var clock = Stopwatch.StartNew();

        var send = alice.Tls!.WriteAsync(payload).AsTask();
        var received = new byte[payload.Length];
        await bob.Tls!.ReadExactlyAsync(received).AsTask().WaitAsync(Patience);
        await send;

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(2.5), $"{payload.Length} bytes at {Rate} B/s after a one-second burst");
    }

    [Fact]
    public async Task A_pair_idle_past_its_timeout_is_closed_on_both_sides()
    {
        var (a, b) = await PairAsync();
        using var alice = a;
        using var bob = b;

        var buffer = new byte[8];
        (await ReadEnd(alice)).Should().BeTrue("alice's side is closed");
        (await ReadEnd(bob)).Should().BeTrue("bob's side is closed");

        async Task<bool> ReadEnd(RelayDial.Outcome end)
        {
            try { return await end.Tls!.ReadAsync(buffer).AsTask().WaitAsync(Patience) == 0; }
            catch (IOException) { return true; }
        }
    }
}
