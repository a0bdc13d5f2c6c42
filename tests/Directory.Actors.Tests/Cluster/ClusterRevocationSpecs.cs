using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Encryptio.Directory.Actors.Tests.Cluster.Support;
using Encryptio.Directory.Tests.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>Finding 9 on a directory cluster: a revocation ends a live registration on whichever node holds it, and everyone online on every node gets the signed notice.</summary>
public sealed class ClusterRevocationSpecs(ITestOutputHelper output) : ClusterSpec(output)
{
    [Fact]
    public async Task A_revoked_user_on_one_node_is_dropped_cluster_wide_and_peers_on_every_node_get_the_signed_notice()
    {
        var revocations = new SharedRevocations();
        var nodes = await FormAsync(3, revocations);
        var (alice, aliceLink) = await RegisterAsync(nodes[0], "alice");
        var (mallory, _) = await RegisterAsync(nodes[1], "mallory-rv");
        var (carol, carolLink) = await RegisterAsync(nodes[2], "carol");
        await WhoShouldBecome(alice, aliceLink, "alice", "carol", "mallory-rv");

        var notice = revocations.Revoke("mallory-rv");

        (await mallory.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10))).Should().Be(notice);
        (await alice.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10))).AuthoritySignature.Should().Equal(notice.AuthoritySignature);
        (await carol.ExpectMsgAsync<KeyRevoked>(TimeSpan.FromSeconds(10))).Uid.Value.Should().Be("mallory-rv");
        await WhoShouldBecome(alice, aliceLink, "alice", "carol");
        await WhoShouldBecome(carol, carolLink, "alice", "carol");
    }

    /// <summary>The operator's list in memory, shared by every node as one HOME would be.</summary>
    private sealed class SharedRevocations : IRevocations
    {
        private readonly ConcurrentDictionary<Uid, KeyRevoked> _revoked = new();
        private long _version;

        public long Version => Interlocked.Read(ref _version);

        public KeyRevoked? NoticeFor(Uid uid, ImmutableArray<byte> certificateDer) =>
            _revoked.TryGetValue(uid, out var notice) && notice.CertificateSha256.SequenceEqual(SHA256.HashData(certificateDer.AsSpan())) ? notice : null;

        public KeyRevoked Revoke(string uid)
        {
            var certificate = Pkis.Encryptio.UserCertificate(uid);
            var notice = new KeyRevoked(Uid.Parse(uid), certificate.SerialNumber, [.. SHA256.HashData(certificate.RawData)], [.. RandomNumberGenerator.GetBytes(96)]);
            _revoked[notice.Uid] = notice;
            Interlocked.Increment(ref _version);
            return notice;
        }
    }
}
