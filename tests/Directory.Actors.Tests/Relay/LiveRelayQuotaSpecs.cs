using System.Collections.Immutable;
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

/// <summary>
/// A user's quota of relayed pairs on a real relay socket with real mutual TLS: the connection past it
/// is answered `relay-refused uid-limit` with the reason, in the words the peer shows, and the pairs
/// within it are untouched.
/// </summary>
public sealed class LiveRelayQuotaSpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly RelayReference _relay;

    public LiveRelayQuotaSpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO"), output: output)
    {
        var settings = RelaySettings.Default with { MaxPairsPerUid = 2 };
        _relay = DirectoryNode.StartRelay(Sys, settings, "127.0.0.1", "127.0.0.1", 0, Pkis.Encryptio.DirectoryCertificate, Pkis.Encryptio.Trust);
    }

    private ImmutableArray<byte> Issue(string a, string b)
    {
        var token = RelayPreface.NewToken();
        _relay.Relay.Tell(new IssueRelayToken(token, Uid.Parse(a), Uid.Parse(b)));
        return token;
    }

    private Task<RelayDial.Outcome> Dial(string uid, ImmutableArray<byte> token) =>
        RelayDial.ConnectAsync(_relay.Endpoint, Pkis.Encryptio.UserCertificate(uid), Pkis.Encryptio.Trust,
            token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);

    [Fact]
    public async Task A_user_relaying_more_pairs_than_its_quota_is_refused_uid_limit_and_its_pairs_within_it_go_on()
    {
        var withBob = Issue("alice", "bob");
        var withCarol = Issue("alice", "carol");
        var withDave = Issue("alice", "dave");
        // Each pair's two ends dial at once: the first end waits at the relay for its partner.
        var aliceBobDial = Dial("alice", withBob);
        using var bob = await Dial("bob", withBob);
        using var aliceBob = await aliceBobDial;
        var aliceCarolDial = Dial("alice", withCarol);
        using var carol = await Dial("carol", withCarol);
        using var aliceCarol = await aliceCarolDial;

        using var third = await Dial("alice", withDave);

        aliceBob.IsSpliced.Should().BeTrue();
        aliceCarol.IsSpliced.Should().BeTrue();
        third.IsSpliced.Should().BeFalse();
        third.Answer!.Code.Should().Be(RelayRefusal.UidLimit);
        third.Failure.Should().StartWith("relay-refused uid-limit: alice already has 2 relayed pairs");
        // The pairs within the quota still carry bytes.
        await aliceBob.Tls!.WriteAsync(new byte[] { 1, 2, 3 });
        var buffer = new byte[3];
        await bob.Tls!.ReadExactlyAsync(buffer).AsTask().WaitAsync(Patience);
        buffer.Should().Equal(1, 2, 3);
    }
}
