using System.Collections.Immutable;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Encryptio.Directory.Relay;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;
using Encryptio.Peer.Link;
using Encryptio.Testing;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests.Relay;

/// <summary>
/// The relay on a real socket with real mutual TLS: peers are <see cref="RelayDial"/> (the code the
/// peer's relayed link uses) with certificates of the test CA; the attacks are named for what they try.
/// </summary>
public sealed class LiveRelaySpecs : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly RelayReference _relay;

    public LiveRelaySpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO"), output: output)
    {
        var settings = RelaySettings.Default with { TokenLifetime = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(30) };
        _relay = DirectoryNode.StartRelay(Sys, settings, "127.0.0.1", "127.0.0.1", 0, Pkis.Encryptio.DirectoryCertificate, Pkis.Encryptio.Trust);
    }

    private ImmutableArray<byte> Issue(string a, string b)
    {
        var token = RelayPreface.NewToken();
        _relay.Relay.Tell(new IssueRelayToken(token, Uid.Parse(a), Uid.Parse(b)));
        return token;
    }

    private Task<RelayDial.Outcome> Dial(string uid, ImmutableArray<byte> token, TestPki? pki = null) =>
        RelayDial.ConnectAsync(_relay.Endpoint, (pki ?? Pkis.Encryptio).UserCertificate(uid), Pkis.Encryptio.Trust,
            token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);

    [Fact]
    public async Task Two_members_presenting_their_token_are_spliced_and_bytes_cross_both_ways_unchanged()
    {
        var token = Issue("alice", "bob");
        var alice = Dial("alice", token);
        var bob = Dial("bob", token);
        using var a = await alice;
        using var b = await bob;

        a.Failure.Should().BeNull();
        b.Failure.Should().BeNull();
        var toBob = RandomNumberGenerator.GetBytes(100_000);
        var toAlice = RandomNumberGenerator.GetBytes(70_000);
        var sends = Task.WhenAll(a.Tls!.WriteAsync(toBob).AsTask(), b.Tls!.WriteAsync(toAlice).AsTask());
        (await ReadExactly(b.Tls!, toBob.Length)).Should().Equal(toBob);
        (await ReadExactly(a.Tls!, toAlice.Length)).Should().Equal(toAlice);
        await sends;
    }

    [Fact]
    public async Task A_half_close_is_passed_on_so_the_other_side_reads_end_of_stream()
    {
        var token = Issue("alice", "bob");
        var alice = Dial("alice", token);
        using var b = await Dial("bob", token);
        using var a = await alice;

        await a.Tls!.ShutdownAsync();
        a.Socket!.Shutdown(SocketShutdown.Send);

        var buffer = new byte[16];
        (await b.Tls!.ReadAsync(buffer).AsTask().WaitAsync(Patience)).Should().Be(0);
    }

    [Fact]
    public async Task A_token_used_by_a_uid_it_was_not_issued_for_is_refused()
    {
        var token = Issue("alice", "bob");

        using var mallory = await Dial("mallory", token);

        mallory.IsSpliced.Should().BeFalse();
        mallory.Answer!.Code.Should().Be(RelayRefusal.TokenNotYours);
        mallory.Failure.Should().StartWith("relay-refused token-not-yours");
    }

    [Fact]
    public async Task A_token_reused_after_its_pair_was_spliced_is_refused()
    {
        var token = Issue("alice", "bob");
        var alice = Dial("alice", token);
        using var b = await Dial("bob", token);
        using var a = await alice;
        a.IsSpliced.Should().BeTrue();

        using var again = await Dial("alice", token);

        again.Answer!.Code.Should().Be(RelayRefusal.TokenUnknown);
    }

    [Fact]
    public async Task An_unpaired_connection_is_closed_with_partner_timeout_when_its_token_expires()
    {
        var token = Issue("alice", "bob");

        using var alone = await Dial("alice", token);

        alone.Answer!.Code.Should().Be(RelayRefusal.PartnerTimeout);
    }

    [Fact]
    public async Task A_waiting_end_that_goes_away_frees_its_place_and_its_token_can_be_presented_again()
    {
        var token = Issue("alice", "bob");
        using (var gaveUp = await RelayDial.ConnectAsync(_relay.Endpoint, Pkis.Encryptio.UserCertificate("alice"), Pkis.Encryptio.Trust,
                   token.AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token, answerTimeout: TimeSpan.FromMilliseconds(300)))
        {
            gaveUp.Failure.Should().Contain("did not come");
        }

        // The relay notices the close on its own schedule: each attempt is a fresh pair of dials.
        await AwaitAssertAsync(async () =>
        {
            var alice = Dial("alice", token);
            using var b = await Dial("bob", token);
            using var a = await alice;
            a.IsSpliced.Should().BeTrue(a.Failure);
            b.IsSpliced.Should().BeTrue(b.Failure);
        }, Patience, TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Garbage_on_the_relay_port_is_answered_bad_preface_and_the_relay_goes_on()
    {
        // TLS with a good certificate, then an HTTP request instead of the preface.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_relay.Endpoint.Host, _relay.Endpoint.Port);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "relay",
            ClientCertificates = [Pkis.Encryptio.UserCertificate("alice")],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        await tls.WriteAsync("GET / HTTP/1.1\r\nHost: relay\r\n\r\n"u8.ToArray());
        var answer = await ReadToEnd(tls);

        RelayPreface.TryParseAnswer(answer, out var parsed, out _, out _).Should().BeTrue();
        parsed!.Code.Should().Be(RelayRefusal.BadPreface);

        await Two_members_presenting_their_token_are_spliced_and_bytes_cross_both_ways_unchanged();
    }

    [Fact]
    public async Task Plain_bytes_without_TLS_get_no_session_and_the_relay_goes_on()
    {
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(_relay.Endpoint.Host, _relay.Endpoint.Port);
            await socket.SendAsync(RelayPreface.EncodeRequest(new byte[16]));
            var buffer = new byte[64];
            var read = await ReadUntilClosed(socket, buffer);
            read.Should().BeLessThan(64, "the relay closes a connection that does not speak TLS");
        }
        await Two_members_presenting_their_token_are_spliced_and_bytes_cross_both_ways_unchanged();
    }

    [Fact]
    public async Task A_user_certificate_of_another_CA_gets_no_session()
    {
        var token = Issue("alice", "bob");

        using var impostor = await Dial("alice", token, Pkis.Foreign);

        impostor.IsSpliced.Should().BeFalse();
        impostor.Answer.Should().BeNull("the relay refuses it in the TLS handshake: no preface is ever read");
    }

    [Fact]
    public async Task A_relay_with_a_certificate_of_another_CA_is_refused_by_the_peer()
    {
        // A second relay, on a system of its own (each node has one /user/relay).
        var other = ActorSystem.Create("foreign-directory");
        var foreign = DirectoryNode.StartRelay(other, RelaySettings.Default, "127.0.0.1", "127.0.0.1", 0, Pkis.Foreign.DirectoryCertificate, Pkis.Foreign.Trust);
        using var stop = new Disposer(() => other.Terminate().Wait(Patience));
        var outcome = await RelayDial.ConnectAsync(foreign.Endpoint, Pkis.Encryptio.UserCertificate("alice"), Pkis.Encryptio.Trust,
            RelayPreface.NewToken().AsMemory(), TimeSpan.FromSeconds(5), new CancellationTokenSource(Patience).Token);

        outcome.IsSpliced.Should().BeFalse();
        outcome.Failure.Should().Contain("relay's certificate is refused");
    }

    private sealed class Disposer(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private static async Task<byte[]> ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Patience);
        return buffer;
    }

    private static async Task<byte[]> ReadToEnd(Stream stream)
    {
        using var all = new MemoryStream();
        try { await stream.CopyToAsync(all).WaitAsync(Patience); }
        catch (IOException) { /* the relay closed after its answer */ }
        return all.ToArray();
    }

    private static async Task<int> ReadUntilClosed(Socket socket, byte[] buffer)
    {
        var total = 0;
        try
        {
            while (total < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Patience);
                if (n == 0) break;
                total += n;
            }
        }
        catch (SocketException) { /* reset: closed all the same */ }
        return total;
    }
}
