using Encryptio.Directory.Tests.Support;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// Certificates carry their role, and over real Akka.Remote with real mutual TLS a peer talks only to a
/// directory-role certificate and the directory only to user-role ones; a registration proof is good
/// only for the directory whose key the peer itself reached.
/// </summary>
public sealed class DirectoryRoleSpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_enrolled_user_posing_as_the_directory_is_refused_by_the_peer()
    {
        // Mallory is enrolled (her certificate is from the Encryptio CA) and runs the real directory code
        // under the directory's system name, on a node that would accept anyone.
        var poser = Track(RemoteNodes.StartAccepting("encryptio-directory", NodeKind.Directory,
            Pkis.Encryptio.IssueUser("mallory"), Pkis.Encryptio.Trust, CertificateRole.User));
        DirectoryNode.Start(poser, DirectorySettings.FromConfig(poser.Settings.Config), Pkis.Encryptio.Trust);

        var alice = StartVictim("alice", RemoteNodes.AddressOf(poser));

        var refusal = await alice.Warnings.FishForMessageAsync<Warning>(w => w.Message.ToString()!.Contains("TLS refused"), Patience);
        refusal.Message.ToString().Should().Contain("has the user role, not the directory role");
        var events = await alice.Events.ReceiveWhileAsync(TimeSpan.FromSeconds(3), m => m).ToListAsync();
        events.Should().NotContain(e => e is RegisteredWithDirectory, "the peer must not register with a user posing as the directory");
    }

    [Fact]
    public async Task The_directory_refuses_a_peer_that_presents_a_directory_certificate()
    {
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        // Another directory of the same CA (its certificate is valid) dials ours as if it were a peer.
        var other = Track(RemoteNodes.StartAccepting("intruder", NodeKind.Peer,
            Pkis.Encryptio.IssueDirectory(), Pkis.Encryptio.Trust, CertificateRole.Directory));
        var replies = CreateTestProbe(other);

        other.ActorSelection($"{DirectoryAddress}/user/directory").Tell(new Identify("intruder"), replies.Ref);

        var refusal = await warnings.FishForMessageAsync<Warning>(w => w.Message.ToString()!.Contains("TLS refused"), Patience);
        refusal.Message.ToString().Should().Contain("has the directory role, not the user role");
        var answers = await replies.ReceiveWhileAsync(TimeSpan.FromSeconds(3), m => m as ActorIdentity).ToListAsync();
        answers.Should().NotContain(a => a!.Subject != null, "no answer may name the directory");
    }

    [Fact]
    public async Task Another_enrolled_user_cannot_associate_with_a_peers_remoting_to_reach_its_node()
    {
        var alice = await StartHonestPeerAsync("alice");
        var warnings = CreateTestProbe(alice.System);
        alice.System.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        // Mallory, enrolled and on the same host, would inject an Introduction or a Superseded if she got through.
        var mallory = Track(RemoteNodes.StartAccepting("mallory", NodeKind.Peer,
            Pkis.Encryptio.IssueUser("mallory"), Pkis.Encryptio.Trust, CertificateRole.User));
        var replies = CreateTestProbe(mallory);

        mallory.ActorSelection($"{RemoteNodes.AddressOf(alice.System)}/user/peer").Tell(new Identify("mallory"), replies.Ref);

        var refusal = await warnings.FishForMessageAsync<Warning>(w => w.Message.ToString()!.Contains("TLS refused"), Patience);
        refusal.Message.ToString().Should().Contain("has the user role, not the directory role");
        var answers = await replies.ReceiveWhileAsync(TimeSpan.FromSeconds(3), m => m as ActorIdentity).ToListAsync();
        answers.Should().NotContain(a => a!.Subject != null, "no answer may name alice's node");
    }

    [Fact]
    public async Task A_registration_proof_relayed_to_another_directory_is_refused()
    {
        // A second directory of the same CA, run by the attacker: alice registers there, and whatever
        // reaches its /user/directory goes to the attacker's probe.
        var relay = Track(RemoteNodes.Start("encryptio-directory-b", NodeKind.Directory, Pkis.Encryptio.IssueDirectory(), Pkis.Encryptio.Trust));
        var attackerAtRelay = CreateTestProbe(relay);
        relay.ActorOf(Props.Create(() => new Forwarder(attackerAtRelay.Ref)), "directory");
        // The attacker's enrolled node, which asks the real directory (Sys) to register alice.
        var mallory = StartPeer("mallory");
        var attacker = CreateTestProbe(mallory);
        var gate = await IdentifyAsync(mallory, DirectoryAddress, "/user/directory");

        var alice = StartVictim("alice", RemoteNodes.AddressOf(relay));
        var aliceRegister = await attackerAtRelay.ExpectMsgAsync<Register>(Patience);
        var aliceNode = attackerAtRelay.LastSender;

        // The real directory challenges the attacker's Register of alice (her certificate is public) ...
        attacker.Send(gate, aliceRegister);
        var challenge = await attacker.ExpectMsgAsync<AuthChallenge>(Patience);
        var link = attacker.LastSender;
        // ... the relay hands alice that very challenge, directory id and all, and she answers it ...
        attackerAtRelay.Send(aliceNode, new AuthChallenge(challenge.Nonce, challenge.DirectoryId));
        var proof = await attackerAtRelay.ExpectMsgAsync<AuthProof>(Patience);
        // ... but her proof names the relay's key, the one she saw in TLS: useless at the real directory.
        attacker.Send(link, proof);

        (await attacker.ExpectMsgAsync<RegistrationRejected>(Patience)).Reason.Should().Contain("does not verify");
        alice.Events.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    private sealed record Victim(ActorSystem System, IActorRef Node, TestProbe Events, TestProbe Warnings);

    /// <summary>A node running the real client, aimed at the directory at <paramref name="directory"/>; does not wait for it to register.</summary>
    private Victim StartVictim(string uid, Address directory)
    {
        var certificate = Pkis.Encryptio.IssueUser(uid);
        var system = StartPeer(uid, certificate, Pkis.Encryptio.Trust);
        var warnings = CreateTestProbe(system);
        system.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        var settings = PeerSettings.From(system.Settings.Config, Uid.Parse(uid)) with
        {
            Directory = new PeerEndpoint(directory.Host!, directory.Port!.Value),
            DirectorySystemName = directory.System,
        };
        var events = CreateTestProbe(system);
        events.IgnoreMessages<DirectoryUnavailable>();
        var node = system.ActorOf(PeerActor.Props(settings, new PeerIdentity(settings.Uid, certificate, Pkis.Encryptio.Trust), consoleProps: null, observer: events.Ref), "peer");
        return new Victim(system, node, events, warnings);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }
}
