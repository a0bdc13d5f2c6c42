using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Tests;

/// <summary>Finding 9 at the directory: a revocation ends a live registration, not only the next one.</summary>
public sealed class RevocationSpecs : DirectorySpec
{
    // One list per spec: a static one would carry one spec's revocations into the next.
    private readonly FakeRevocations Revocations;

    public RevocationSpecs(ITestOutputHelper output) : this(output, new FakeRevocations()) { }

    private RevocationSpecs(ITestOutputHelper output, FakeRevocations revocations) : base(output,
        DirectorySettings.Default with { DirectoryId = "test-directory", RevocationPoll = TimeSpan.FromMilliseconds(100) }, revocations) =>
        Revocations = revocations;

    [Fact]
    public async Task A_registered_user_whose_certificate_is_revoked_is_dropped_and_everyone_online_gets_the_signed_notice()
    {
        var alice = await OnlineAsync("alice");
        var mallory = await OnlineAsync("mallory-rv");
        await ShouldSeeOnlineExactly(alice, "alice", "mallory-rv"); // the registry holds her: the revocation finds her there
        var notice = Revocations.Revoke(mallory, signed: true);

        (await mallory.Probe.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10))).Should().Be(notice, "the revoked peer is told why its registration ended");
        var forwarded = await alice.Probe.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10));
        forwarded.Uid.Should().Be(mallory.Uid);
        forwarded.AuthoritySignature.Should().Equal(notice.AuthoritySignature, "the directory forwards the CA's signature untouched");
        await ShouldSeeOnlineExactly(alice, "alice");

        mallory.Say(Who.Instance);
        await mallory.Probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300)); // its link is gone: nothing answers any more
    }

    [Fact]
    public async Task A_revoked_registration_whose_list_line_has_no_ca_signature_is_dropped_but_no_notice_is_broadcast()
    {
        var alice = await OnlineAsync("alice");
        var oldLine = await OnlineAsync("olduser-rv");
        await ShouldSeeOnlineExactly(alice, "alice", "olduser-rv");
        Revocations.Revoke(oldLine, signed: false);

        await oldLine.Probe.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10));
        await AwaitAssertAsync(async () => await ShouldSeeOnlineExactly(alice, "alice"));
        alice.Probe.HasMessages.Should().BeFalse("an unsigned notice would be refused by every peer: it is not sent");
    }

    /// <summary>The operator's list, held in memory: each Revoke changes the version the registry polls.</summary>
    private sealed class FakeRevocations : IRevocations
    {
        private readonly ConcurrentDictionary<Uid, KeyRevoked> _revoked = new();
        private long _version;

        public long Version => Interlocked.Read(ref _version);

        public KeyRevoked? NoticeFor(Uid uid, ImmutableArray<byte> certificateDer) =>
            _revoked.TryGetValue(uid, out var notice) && notice.CertificateSha256.SequenceEqual(SHA256.HashData(certificateDer.AsSpan()))
                ? notice : null;

        public KeyRevoked Revoke(TestPeer peer, bool signed)
        {
            var notice = new KeyRevoked(peer.Uid, peer.Certificate.SerialNumber, [.. SHA256.HashData(peer.Certificate.RawData)],
                signed ? [.. RandomNumberGenerator.GetBytes(96)] : []);
            _revoked[peer.Uid] = notice;
            Interlocked.Increment(ref _version);
            return notice;
        }
    }
}
