using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Encryptio.Runtime.Pki;

namespace Encryptio.Peer.Actors.Tests.Identity;

/// /trust pins exactly the key /verify showed, and lets in only the introductions that carry it.
public sealed class KeyPinsSpecs : IDisposable
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private readonly X509Certificate2 _ca = CertificateIssuer.CreateAuthority();
    private readonly List<X509Certificate2> _issued = [];

    [Fact]
    public void A_first_key_is_pinned_and_a_changed_one_is_held_until_trusted()
    {
        var pins = new KeyPins(new KnownPeers(null));
        var original = Issue();
        var changed = Issue();

        pins.Check(Intro(), Spec(original)).Should().Be(KnownPeers.Verdict.FirstSeen);
        pins.Check(Intro(), Spec(changed)).Should().Be(KnownPeers.Verdict.Changed);

        pins.TryTrust(Bob, out _, out _, out var refusal).Should().BeFalse();
        refusal.Should().Be("run /verify bob first and compare the safety number with them");
        pins.Show(Bob, original).Should().BeSameAs(changed, "the key waiting for /trust is the one to compare");
        pins.TryTrust(Bob, out var admitted, out var stillWaiting, out _).Should().BeTrue();
        admitted.Select(a => a.Spec.PeerCertificate).Should().Equal(changed);
        stillWaiting.Should().Be(0);
        pins.Check(Intro(), Spec(changed)).Should().Be(KnownPeers.Verdict.Known);
    }

    [Fact]
    public void A_key_that_arrived_after_verify_showed_another_is_not_trusted()
    {
        var pins = new KeyPins(new KnownPeers(null));
        pins.Check(Intro(), Spec(Issue()));
        pins.Check(Intro(), Spec(Issue()));
        pins.Show(Bob, null);
        pins.Check(Intro(), Spec(Issue()));

        pins.TryTrust(Bob, out _, out _, out var refusal).Should().BeFalse();
        refusal.Should().Be("bob's key changed again since /verify showed it; run /verify bob again");
    }

    [Fact]
    public void Trust_without_a_changed_key_is_refused()
    {
        var pins = new KeyPins(new KnownPeers(null));
        pins.Check(Intro(), Spec(Issue()));

        pins.TryTrust(Bob, out _, out _, out var refusal).Should().BeFalse();
        refusal.Should().Be("bob's key has not changed; nothing to trust");
    }

    private X509Certificate2 Issue()
    {
        var certificate = CertificateIssuer.IssueUser(_ca, Bob);
        _issued.Add(certificate);
        return certificate;
    }

    private static Introduction Intro() => new(ConversationId.New(), Bob, [], new PeerEndpoint("127.0.0.1", 1), false, [Alice, Bob]);

    private SessionSpec Spec(X509Certificate2 bob) => new(ConversationId.New(), new PeerIdentity(Alice, bob, new AuthorityTrust(_ca)), Bob, bob,
        null, false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), RandomRatchetKeySource.Instance);

    public void Dispose()
    {
        foreach (var certificate in _issued) certificate.Dispose();
        _ca.Dispose();
    }
}
