using Encryptio.Directory.Tests.Support;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting.Support;

/// <summary>
/// A peer that registers by hand over real remoting: a probe on its own node sends Register to the
/// gate, signs the challenge and keeps the PeerLink that sent it. What a hostile client would do.
/// </summary>
public sealed record HandPeer(ActorSystem System, Uid Uid, TestProbe Probe, IActorRef Gate, IActorRef Link);

/// <summary>A peer node running the real client, <see cref="PeerActor"/>, whose events go to <see cref="Events"/>.</summary>
public sealed record HonestPeer(ActorSystem System, Uid Uid, IActorRef Node, TestProbe Events);

/// <summary>
/// <see cref="RemotingSpec"/> with the real directory on <c>Sys</c>: <see cref="DirectoryNode.Start"/> on a
/// node built from directory.conf over remoting.conf, with the settings directory.conf gives.
/// </summary>
public abstract class LiveDirectorySpec : RemotingSpec
{
    protected LiveDirectorySpec(ITestOutputHelper output) : base(output)
    {
        Settings = DirectorySettings.FromConfig(Sys.Settings.Config);
        Gate = DirectoryNode.Start(Sys, Settings, Pkis.Encryptio.Trust);
    }

    protected DirectorySettings Settings { get; }

    /// <summary>/user/directory, as the directory itself holds it.</summary>
    protected IActorRef Gate { get; }

    /// <summary>Starts a node for <paramref name="uid"/> and registers a probe on it by challenge and proof.</summary>
    protected async Task<HandPeer> RegisterByHandAsync(string uid)
    {
        var certificate = Pkis.Encryptio.IssueUser(uid);
        var system = StartPeer(uid, certificate, Pkis.Encryptio.Trust);
        var gate = await IdentifyAsync(system, DirectoryAddress, "/user/directory");
        var probe = CreateTestProbe(system);
        var register = new Register(Uid.Parse(uid), ImmutableArray.Create(certificate.RawData),
            new PeerEndpoint("127.0.0.1", 9), Register.CurrentVersion);

        probe.Send(gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>(TimeSpan.FromSeconds(10));
        var link = probe.LastSender;
        challenge.DirectoryId.Should().Be(Settings.DirectoryId);
        link.Path.Parent.ToStringWithoutAddress().Should().Be("/user/peers", "the PeerLink, not the gate, sends the challenge");
        probe.Send(link, Sign(system, link, challenge, register, certificate));
        (await probe.ExpectMsgAsync<Registered>(TimeSpan.FromSeconds(10))).Uid.Should().Be(register.Uid);
        probe.LastSender.Should().Be(link);
        return new HandPeer(system, register.Uid, probe, gate, link);
    }

    /// <summary>Starts a node for <paramref name="uid"/> running PeerActor, aimed at this directory, and waits until it is registered.</summary>
    protected async Task<HonestPeer> StartHonestPeerAsync(string uid)
    {
        var certificate = Pkis.Encryptio.IssueUser(uid);
        var system = StartPeer(uid, certificate, Pkis.Encryptio.Trust);
        var settings = PeerSettings.From(system.Settings.Config, Uid.Parse(uid)) with
        {
            Directory = new PeerEndpoint(DirectoryAddress.Host!, DirectoryAddress.Port!.Value),
            DirectorySystemName = DirectoryAddress.System,
        };
        var events = CreateTestProbe(system);
        var node = system.ActorOf(PeerActor.Props(settings, new PeerIdentity(settings.Uid, certificate, Pkis.Encryptio.Trust), consoleProps: null, observer: events.Ref), "peer");
        (await events.ExpectMsgAsync<RegisteredWithDirectory>(TimeSpan.FromSeconds(15))).Uid.Should().Be(settings.Uid);
        return new HonestPeer(system, settings.Uid, node, events);
    }

    /// <summary>`who` through the peer's own PeerLink.</summary>
    protected static async Task<IReadOnlyList<string>> WhoAsync(HandPeer peer)
    {
        peer.Probe.Send(peer.Link, Who.Instance);
        var online = await peer.Probe.ExpectMsgAsync<OnlineUsers>(TimeSpan.FromSeconds(5));
        peer.Probe.LastSender.Should().Be(peer.Link);
        return online.Uids.Select(u => u.Value).ToList();
    }

    /// <summary>`who` as the real client asks it.</summary>
    protected static async Task<IReadOnlyList<string>> WhoAsync(HonestPeer peer)
    {
        peer.Node.Tell(ListOnline.Instance);
        var online = await peer.Events.ExpectMsgAsync<OnlineListed>(TimeSpan.FromSeconds(5));
        return online.Uids.Select(u => u.Value).ToList();
    }

    protected static string[] Sorted(params string[] uids) => uids.Order(StringComparer.Ordinal).ToArray();

    /// <summary>As PeerActor signs: for the directory key <paramref name="system"/> saw in its own TLS handshake.</summary>
    private static AuthProof Sign(ActorSystem system, IActorRef link, AuthChallenge challenge, Register register, X509Certificate2 certificate)
    {
        HandshakeKeys.TryGetFor(system, link, out var directoryKey).Should().BeTrue("the peer dialled the directory");
        using var key = certificate.GetECDsaPrivateKey()!;
        var transcript = AuthTranscript.Build(directoryKey!, challenge.DirectoryId, challenge.Nonce.AsSpan(), register.Uid, register.P2P);
        return new AuthProof(ImmutableArray.Create(key.SignData(transcript, HashAlgorithmName.SHA384)));
    }
}
