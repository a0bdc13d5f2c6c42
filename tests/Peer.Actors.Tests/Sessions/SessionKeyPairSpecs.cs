using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// What one side signs in a handshake, the other checks with the key from the certificate it was introduced.
public sealed class SessionKeyPairSpecs : IDisposable
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private readonly X509Certificate2 _ca = CertificateIssuer.CreateAuthority();
    private readonly List<X509Certificate2> _issued = [];

    [Fact]
    public void What_one_member_signs_the_other_verifies_and_both_name_the_same_conversation()
    {
        var conversation = ConversationId.New();
        var (alice, bob) = (Issue(Alice), Issue(Bob));
        using var alices = new SessionKeyPair(Spec(conversation, Alice, alice, Bob, bob));
        using var bobs = new SessionKeyPair(Spec(conversation, Bob, bob, Alice, alice));
        byte[] signed = [1, 2, 3];

        var signature = alices.Signer.Sign(signed);

        var seenByBob = bobs.Peer();
        seenByBob.PeerIdentity.VerifyData(signed, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).Should().BeTrue();
        (seenByBob.SelfUid, seenByBob.PeerUid).Should().Be(("bob", "alice"));
        seenByBob.ConversationId.Should().Equal(alices.Peer().ConversationId);
    }

    [Fact]
    public void A_signature_by_another_key_of_the_same_uid_is_not_accepted()
    {
        var conversation = ConversationId.New();
        var (alice, bob, impostor) = (Issue(Alice), Issue(Bob), Issue(Alice));
        using var impostors = new SessionKeyPair(Spec(conversation, Alice, impostor, Bob, bob));
        using var bobs = new SessionKeyPair(Spec(conversation, Bob, bob, Alice, alice));
        byte[] signed = [1, 2, 3];

        var signature = impostors.Signer.Sign(signed);

        bobs.Peer().PeerIdentity.VerifyData(signed, signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).Should().BeFalse();
    }

    [Fact]
    public void Our_certificate_without_its_private_key_is_refused_at_once()
    {
        var (alice, bob) = (Issue(Alice), Issue(Bob));
        using var publicOnly = X509CertificateLoader.LoadCertificate(alice.RawData);
        _issued.Add(publicOnly);

        var act = () => new SessionKeyPair(Spec(ConversationId.New(), Alice, publicOnly, Bob, bob));

        act.Should().Throw<ArgumentException>().WithMessage("our certificate holds no ECDSA private key*");
    }

    private X509Certificate2 Issue(Uid uid)
    {
        var certificate = CertificateIssuer.IssueUser(_ca, uid);
        _issued.Add(certificate);
        return certificate;
    }

    private SessionSpec Spec(ConversationId conversation, Uid me, X509Certificate2 mine, Uid peer, X509Certificate2 theirs) =>
        new(conversation, new PeerIdentity(me, mine, new AuthorityTrust(_ca)), peer, theirs,
            null, false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), RandomRatchetKeySource.Instance);

    public void Dispose()
    {
        foreach (var certificate in _issued) certificate.Dispose();
        _ca.Dispose();
    }
}
