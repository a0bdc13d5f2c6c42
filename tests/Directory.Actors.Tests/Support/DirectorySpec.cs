using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Tests.Support;

/// <summary>
/// A local ActorSystem with one directory node on it; probes play the peers. The user guardian runs
/// the directory's own strategy, as the Host configures it. The system carries the directory's TLS
/// setup (remoting stays off): the proofs bind the key of that certificate, as over the wire.
/// </summary>
public abstract class DirectorySpec : TestKit
{
    // The PeerLink mailbox of directory.conf too, so the specs run the links as a directory does.
    private const string Hocon = "akka.loglevel = INFO\n" + DirectoryNode.GuardianHocon + "\n" + PeerLinks.MailboxHocon;

    protected DirectorySettings Settings { get; }
    protected IActorRef Gate { get; }

    /// Stands in for /user/relay when a spec asks for a relay: it receives the tokens the proposals issue.
    protected TestProbe RelayProbe { get; }

    protected static readonly PeerEndpoint RelayEndpoint = new("relay.directory.test", 4054);

    protected DirectorySpec(ITestOutputHelper output, DirectorySettings? settings = null, IRevocations? revocations = null, bool withRelay = false)
        : base(BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(Hocon)).And(new DotNettySslSetup(Pkis.Encryptio.DirectoryCertificate, suppressValidation: false)), output: output)
    {
        Settings = settings ?? DirectorySettings.Default with { DirectoryId = "test-directory" };
        RelayProbe = CreateTestProbe();
        Gate = DirectoryNode.Start(Sys, Settings, Pkis.Encryptio.Trust, revocations, relay:
            withRelay ? new Encryptio.Directory.Relay.RelayReference(RelayProbe.Ref, RelayEndpoint) : null);
    }

    protected static PeerEndpoint EndpointOf(string uid) => new($"{uid}.peers.test", 7000 + uid.Length);

    protected static Register RegisterAs(string uid, X509Certificate2? certificate = null, PeerEndpoint? endpoint = null) =>
        new(Uid.Parse(uid), ImmutableArray.Create((certificate ?? Pkis.Encryptio.UserCertificate(uid)).RawData), endpoint ?? EndpointOf(uid), Register.CurrentVersion);

    /// <summary>The directory key an honest peer sees in its TLS handshake with this directory.</summary>
    protected static byte[] DirectoryKey => CertificateRoles.KeyFingerprint(Pkis.Encryptio.DirectoryCertificate);

    /// <summary>What an honest peer signs for a challenge.</summary>
    protected static AuthProof ProofFor(AuthChallenge challenge, Register register, X509Certificate2 signer) =>
        ProofFor(challenge, register, signer, DirectoryKey);

    /// <summary>A proof over the transcript for the directory whose key is <paramref name="directoryKey"/>.</summary>
    protected static AuthProof ProofFor(AuthChallenge challenge, Register register, X509Certificate2 signer, byte[] directoryKey)
    {
        using var key = signer.GetECDsaPrivateKey()!;
        var transcript = AuthTranscript.Build(directoryKey, challenge.DirectoryId, challenge.Nonce.AsSpan(), register.Uid, register.P2P);
        return new AuthProof(ImmutableArray.Create(key.SignData(transcript, HashAlgorithmName.SHA384)));
    }

    /// <summary>Registers a peer the honest way and returns it online.</summary>
    protected async Task<TestPeer> OnlineAsync(string uid, PeerEndpoint? endpoint = null)
    {
        var probe = CreateTestProbe();
        var register = RegisterAs(uid, endpoint: endpoint);
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
        var link = probe.LastSender;
        probe.Send(link, ProofFor(challenge, register, Pkis.Encryptio.UserCertificate(uid)));
        (await probe.ExpectMsgAsync<Registered>()).Uid.Should().Be(register.Uid);
        return new TestPeer(register.Uid, probe, link, Pkis.Encryptio.UserCertificate(uid), register.P2P);
    }

    protected static async Task<IReadOnlyList<string>> WhoAsync(TestPeer asker)
    {
        asker.Say(Who.Instance);
        var online = await asker.Probe.ExpectMsgAsync<OnlineUsers>();
        return online.Uids.Select(u => u.Value).ToList();
    }

    /// <summary>Registration is only ever proven by asking, as a peer would.</summary>
    protected static async Task ShouldSeeOnlineExactly(TestPeer asker, params string[] uids) =>
        (await WhoAsync(asker)).Should().Equal(uids.Order(StringComparer.Ordinal));
}
