using Encryptio.Testing;
using Akka.Configuration;
using System.Collections.Immutable;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Crypto;
using Encryptio.Peer.Link;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Actors.Tests.Sessions;

public sealed class SessionSpecSpecs
{
    private readonly TestPki _pki = new();
    private readonly PeerSettings _settings = PeerSettings.From(PeerConfig.Load(), Uid.Parse("alice"));

    private Introduction IntroductionOf(string uid, byte[] certificateDer, bool dialer = true) =>
        new(ConversationId.New(), Uid.Parse(uid), [.. certificateDer], new PeerEndpoint("127.0.0.1", 4100), dialer, [Uid.Parse("alice"), Uid.Parse(uid)]);

    [Fact]
    public void An_introduction_with_a_certificate_from_our_CA_for_that_UID_makes_a_spec_named_for_the_pair()
    {
        var introduction = IntroductionOf("bob", _pki.User("bob").Certificate.RawData);

        SessionSpec.TryFromIntroduction(introduction, _pki.User("alice"), _settings, out var spec, out var reason).Should().BeTrue(reason);

        spec!.ActorName.Should().Be($"session-{introduction.Conversation.Hex}-bob");
        spec.Dialer.Should().BeTrue();
        spec.PeerEndpoint.Should().Be(introduction.PeerEndpoint);
        spec.HandshakeTimeout.Should().Be(TimeSpan.FromSeconds(10), "peer.conf says so");
        spec.RedialBackoffMin.Should().Be(TimeSpan.FromMilliseconds(500));
        spec.RedialBackoffMax.Should().Be(TimeSpan.FromSeconds(30));
        spec.PeerCertificate.HasPrivateKey.Should().BeFalse();
        spec.LinkFactory.Should().BeSameAs(DirectTcpLinkFactory.Instance, "a shipped peer dials straight TCP");
    }

    [Fact]
    public void A_spec_from_an_introduction_lets_receipts_hold_the_ratchet_key_as_peer_conf_says_and_never_overrides_the_cipher()
    {
        var introduction = IntroductionOf("bob", _pki.User("bob").Certificate.RawData);

        SessionSpec.TryFromIntroduction(introduction, _pki.User("alice"), _settings, out var spec, out var reason).Should().BeTrue(reason);

        spec!.ReceiptDeferral!.MaxHold.Should().Be(TimeSpan.FromSeconds(1), "peer.conf: receipt-key-hold = 1s");
        spec.Ciphers.Should().BeSameAs(RatchetSeals.Instance, "only the benchmark switches the seal off");
    }

    [Fact]
    public void Receipt_key_hold_0s_gives_Signals_order()
    {
        var config = ConfigurationFactory.ParseString("encryptio.peer.receipt-key-hold = 0s").WithFallback(PeerConfig.Load());
        var settings = PeerSettings.From(config, Uid.Parse("alice"));

        SessionSpec.TryFromIntroduction(IntroductionOf("bob", _pki.User("bob").Certificate.RawData), _pki.User("alice"), settings, out var spec, out _)
            .Should().BeTrue();

        settings.ReceiptKeyHold.Should().BeNull();
        spec!.ReceiptDeferral.Should().BeNull();
    }

    [Fact]
    public void A_receipt_key_hold_over_a_minute_is_refused_with_the_setting_named()
    {
        var config = ConfigurationFactory.ParseString("encryptio.peer.receipt-key-hold = 10m").WithFallback(PeerConfig.Load());

        var refused = () => PeerSettings.From(config, Uid.Parse("alice"));

        refused.Should().Throw<FormatException>().WithMessage("*receipt-key-hold*");
    }

    [Fact]
    public void A_spec_from_an_introduction_takes_its_keys_from_a_pool_whose_keys_expire_after_key_pool_max_age()
    {
        var config = ConfigurationFactory.ParseString("encryptio.peer.key-pool-max-age = 3s").WithFallback(PeerConfig.Load());
        var settings = PeerSettings.From(config, Uid.Parse("alice"));

        SessionSpec.TryFromIntroduction(IntroductionOf("bob", _pki.User("bob").Certificate.RawData), _pki.User("alice"), settings, out var spec, out var reason)
            .Should().BeTrue(reason);

        settings.KeyPoolMaxAge.Should().Be(TimeSpan.FromSeconds(3));
        spec!.KeySource.Should().BeOfType<PooledRatchetKeySource>().Which.MaxAge.Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void The_key_pool_max_age_is_10_s_by_default()
    {
        _settings.KeyPoolMaxAge.Should().Be(TimeSpan.FromSeconds(10), "peer.conf: key-pool-max-age = 10s");
        SessionSpec.TryFromIntroduction(IntroductionOf("bob", _pki.User("bob").Certificate.RawData), _pki.User("alice"), _settings, out var spec, out _)
            .Should().BeTrue();
        spec!.KeySource.Should().BeOfType<PooledRatchetKeySource>().Which.MaxAge.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("2m")]
    [InlineData("50ms")]
    [InlineData("0s")]
    public void A_key_pool_max_age_outside_100_ms_to_60_s_is_refused_with_the_setting_named(string value)
    {
        var config = ConfigurationFactory.ParseString($"encryptio.peer.key-pool-max-age = {value}").WithFallback(PeerConfig.Load());

        var refused = () => PeerSettings.From(config, Uid.Parse("alice"));

        refused.Should().Throw<FormatException>().WithMessage("*key-pool-max-age*");
    }

    [Fact]
    public void An_introduction_whose_certificate_names_another_UID_is_refused()
    {
        var introduction = IntroductionOf("bob", _pki.User("mallory").Certificate.RawData);

        SessionSpec.TryFromIntroduction(introduction, _pki.User("alice"), _settings, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("mallory");
    }

    [Fact]
    public void An_introduction_with_a_certificate_from_another_CA_is_refused()
    {
        var foreign = new TestPki();
        var introduction = IntroductionOf("bob", foreign.User("bob").Certificate.RawData);

        SessionSpec.TryFromIntroduction(introduction, _pki.User("alice"), _settings, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("CA");
    }

    [Fact]
    public void An_introduction_with_bytes_that_are_no_certificate_is_refused()
    {
        var introduction = IntroductionOf("bob", [1, 2, 3]);

        SessionSpec.TryFromIntroduction(introduction, _pki.User("alice"), _settings, out _, out var reason).Should().BeFalse();
        reason.Should().Contain("not a valid X.509");
    }
}
