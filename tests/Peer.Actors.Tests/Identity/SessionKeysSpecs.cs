using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Actors.Tests.Identity;

/// A CA's revocation ends only the sessions running with exactly the certificate it names, and that
/// certificate never gets a session again.
public sealed class SessionKeysSpecs : IDisposable
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private readonly X509Certificate2 _ca = CertificateIssuer.CreateAuthority();
    private readonly List<X509Certificate2> _issued = [];

    [Fact]
    public void Revoking_the_key_a_peers_sessions_run_with_ends_them_and_bars_it_for_good()
    {
        var keys = new SessionKeys(Alice, Issue(Alice));
        var bobs = Issue(Bob);
        keys.Use(Bob, bobs);

        keys.Revoke(KeyRevoked.Sign(_ca, Bob, bobs)).Should().Be(SessionKeys.Revocation.InUse);
        keys.IsRevoked(bobs).Should().BeTrue();
    }

    [Fact]
    public void A_revoked_earlier_key_of_a_peer_that_re_enrolled_leaves_its_new_key_alone()
    {
        var keys = new SessionKeys(Alice, Issue(Alice));
        var (old, current) = (Issue(Bob), Issue(Bob));
        keys.Use(Bob, current);

        keys.Revoke(KeyRevoked.Sign(_ca, Bob, old)).Should().Be(SessionKeys.Revocation.Unused);
        keys.IsRevoked(old).Should().BeTrue();
        keys.IsRevoked(current).Should().BeFalse();
        keys.InUse(Bob).Should().BeSameAs(current);
    }

    [Fact]
    public void A_revocation_of_this_nodes_own_key_is_told_apart_from_one_of_an_earlier_key()
    {
        var (earlier, ours) = (Issue(Alice), Issue(Alice));
        var keys = new SessionKeys(Alice, ours);

        keys.Revoke(KeyRevoked.Sign(_ca, Alice, earlier)).Should().Be(SessionKeys.Revocation.OursEarlier);
        keys.Revoke(KeyRevoked.Sign(_ca, Alice, ours)).Should().Be(SessionKeys.Revocation.Ours);
    }

    [Fact]
    public void A_peer_with_no_session_has_no_key_in_use()
    {
        var keys = new SessionKeys(Alice, Issue(Alice));

        keys.InUse(Bob).Should().BeNull();
        keys.Revoke(KeyRevoked.Sign(_ca, Bob, Issue(Bob))).Should().Be(SessionKeys.Revocation.Unused);
    }

    private X509Certificate2 Issue(Uid uid)
    {
        var certificate = CertificateIssuer.IssueUser(_ca, uid);
        _issued.Add(certificate);
        return certificate;
    }

    public void Dispose()
    {
        foreach (var certificate in _issued) certificate.Dispose();
        _ca.Dispose();
    }
}
