using System.Collections.Immutable;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory.Tests;

public sealed class AuthenticationSpecs(ITestOutputHelper output) : DirectorySpec(output)
{
    [Fact]
    public async Task A_peer_with_a_CA_certificate_and_a_valid_proof_is_registered_by_its_own_link()
    {
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);

        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
        challenge.Nonce.Length.Should().Be(AuthChallenge.NonceSize);
        challenge.DirectoryId.Should().Be("test-directory");
        var link = probe.LastSender;
        link.Path.ToStringWithoutAddress().Should().StartWith("/user/peers/alice-");

        probe.Send(link, ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice")));
        (await probe.ExpectMsgAsync<Registered>()).Uid.Value.Should().Be("alice");
        probe.LastSender.Should().Be(link);

        await ShouldSeeOnlineExactly(new TestPeer(register.Uid, probe, link, Pkis.Encryptio.UserCertificate("alice"), register.P2P), "alice");
    }

    [Fact]
    public async Task A_proof_made_for_another_directory_key_is_refused_even_with_this_directory_id_and_nonce()
    {
        var observer = await OnlineAsync("observer");
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();

        // What alice signs when the challenge was relayed to her by another directory she reached instead.
        var elsewhere = CertificateRoles.KeyFingerprint(CertificateIssuer.IssueDirectory(Pkis.Encryptio.Authority, []));
        probe.Reply(ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice"), elsewhere));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("signature does not verify");
        await ShouldSeeOnlineExactly(observer, "observer");
    }

    [Fact]
    public async Task A_version_1_registration_whose_proof_binds_no_directory_key_is_refused_with_a_reason()
    {
        var probe = CreateTestProbe();
        probe.Send(Gate, RegisterAs("alice") with { Version = 1 });

        var rejected = await probe.ExpectMsgAsync<RegistrationRejected>();
        rejected.Reason.Should().Contain("version 1 is no longer accepted").And.Contain("update this peer");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_directory_certificate_cannot_register_as_a_user()
    {
        var probe = CreateTestProbe();
        var directoryName = Uid.Parse(CertificateIssuer.DirectoryCommonName);
        probe.Send(Gate, new Register(directoryName, ImmutableArray.Create(Pkis.Encryptio.DirectoryCertificate.RawData), EndpointOf("x"), Register.CurrentVersion));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("has the directory role, not the user role");
    }

    [Fact]
    public async Task Every_challenge_carries_a_fresh_nonce()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        first.Send(Gate, RegisterAs("alice"));
        second.Send(Gate, RegisterAs("alice"));

        var a = await first.ExpectMsgAsync<AuthChallenge>();
        var b = await second.ExpectMsgAsync<AuthChallenge>();
        a.Nonce.SequenceEqual(b.Nonce).Should().BeFalse();
    }

    [Fact]
    public async Task A_proof_signed_by_another_key_is_rejected_and_nothing_is_registered()
    {
        var observer = await OnlineAsync("observer");
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();

        // mallory's key, alice's certificate
        probe.Reply(ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("mallory")));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("signature does not verify");
        await ShouldSeeOnlineExactly(observer, "observer");
    }

    [Fact]
    public async Task A_proof_over_another_endpoint_is_rejected()
    {
        var observer = await OnlineAsync("observer");
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();

        // Signed honestly, but for an endpoint other than the one registered: a re-pointed proof.
        probe.Reply(ProofFor(challenge, register with { P2P = new PeerEndpoint("evil.example", 9999) }, Pkis.Encryptio.UserCertificate("alice")));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("signature");
        await ShouldSeeOnlineExactly(observer, "observer");
    }

    [Fact]
    public async Task A_certificate_whose_common_name_is_another_uid_is_rejected()
    {
        var observer = await OnlineAsync("observer");
        var probe = CreateTestProbe();

        probe.Send(Gate, RegisterAs("mallory", Pkis.Encryptio.UserCertificate("alice")));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("is for 'alice', not 'mallory'");
        await ShouldSeeOnlineExactly(observer, "observer");
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_rejected()
    {
        var observer = await OnlineAsync("observer");
        var probe = CreateTestProbe();

        probe.Send(Gate, RegisterAs("alice", Pkis.LookAlike.UserCertificate("alice")));

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("does not chain to the Encryptio CA");
        await ShouldSeeOnlineExactly(observer, "observer");
    }

    [Fact]
    public async Task Bytes_that_are_not_a_certificate_are_rejected()
    {
        var probe = CreateTestProbe();

        probe.Send(Gate, RegisterAs("alice") with { CertificateDer = [1, 2, 3, 4] });

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("not a valid X.509 certificate");
    }

    [Fact]
    public async Task An_unsupported_protocol_version_is_rejected()
    {
        var probe = CreateTestProbe();

        probe.Send(Gate, RegisterAs("alice") with { Version = 99 });

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("unsupported protocol version 99");
    }

    [Fact]
    public async Task A_second_proof_for_an_answered_challenge_is_rejected_and_changes_nothing()
    {
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
        var link = probe.LastSender;
        var proof = ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice"));
        probe.Send(link, proof);
        await probe.ExpectMsgAsync<Registered>();

        probe.Send(link, proof);

        (await probe.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("used once");
        var alice = new TestPeer(register.Uid, probe, link, Pkis.Encryptio.UserCertificate("alice"), register.P2P);
        await ShouldSeeOnlineExactly(alice, "alice");
    }

    [Fact]
    public async Task A_proof_replayed_against_a_fresh_challenge_is_rejected_and_does_not_supersede()
    {
        var alice = CreateTestProbe();
        var register = RegisterAs("alice");
        alice.Send(Gate, register);
        var challenge = await alice.ExpectMsgAsync<AuthChallenge>();
        var aliceLink = alice.LastSender;
        var captured = ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice"));
        alice.Send(aliceLink, captured);
        await alice.ExpectMsgAsync<Registered>();

        var mallory = CreateTestProbe();
        mallory.Send(Gate, register);
        await mallory.ExpectMsgAsync<AuthChallenge>();
        mallory.Reply(captured);

        (await mallory.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("signature");
        await alice.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await ShouldSeeOnlineExactly(new TestPeer(register.Uid, alice, aliceLink, Pkis.Encryptio.UserCertificate("alice"), register.P2P), "alice");
    }

    [Fact]
    public async Task Someone_elses_proof_cannot_spend_a_pending_challenge()
    {
        var alice = CreateTestProbe();
        var register = RegisterAs("alice");
        alice.Send(Gate, register);
        var challenge = await alice.ExpectMsgAsync<AuthChallenge>();
        var link = alice.LastSender;

        var mallory = CreateTestProbe();
        mallory.Send(link, new AuthProof([9, 9, 9]));
        (await mallory.ExpectMsgAsync<RegistrationRejected>()).Reason.Should().Contain("another peer");

        alice.Send(link, ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice")));
        await alice.ExpectMsgAsync<Registered>();
    }

    [Fact]
    public async Task Commands_before_registration_are_refused()
    {
        var probe = CreateTestProbe();
        probe.Send(Gate, new Propose([Uid.Parse("bob")]));
        (await probe.ExpectMsgAsync<CommandRefused>()).Should().Match<CommandRefused>(r => r.Command == DirectoryCommand.Connect && r.Code == RefusalCode.NotRegistered);

        probe.Send(Gate, RegisterAs("alice"));
        await probe.ExpectMsgAsync<AuthChallenge>();
        probe.Reply(Who.Instance);

        var refused = await probe.ExpectMsgAsync<CommandRefused>();
        refused.Command.Should().Be(DirectoryCommand.Who);
        refused.Code.Should().Be(RefusalCode.NotRegistered);
        refused.Reason.Should().Contain("not registered");
    }
}

public sealed class ChallengeExpirySpecs(ITestOutputHelper output)
    : DirectorySpec(output, DirectorySettings.Default with { DirectoryId = "test-directory", NonceLifetime = TimeSpan.FromMilliseconds(300) })
{
    [Fact]
    public async Task An_unanswered_challenge_expires_and_its_late_proof_registers_nothing()
    {
        var probe = CreateTestProbe();
        var register = RegisterAs("alice");
        probe.Send(Gate, register);
        var challenge = await probe.ExpectMsgAsync<AuthChallenge>();
        var link = probe.LastSender;

        (await probe.ExpectMsgAsync<RegistrationRejected>(TimeSpan.FromSeconds(3))).Reason.Should().Be("challenge expired");

        Watch(link);
        await ExpectTerminatedAsync(link);
        probe.Send(link, ProofFor(challenge, register, Pkis.Encryptio.UserCertificate("alice")));
        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        var observer = await OnlineAsync("observer");
        await ShouldSeeOnlineExactly(observer, "observer");
    }
}
