using System.Collections.Immutable;
using Akka.Configuration;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Link;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;
using Encryptio.Testing;

namespace Encryptio.Peer.Actors.Tests.Sessions;

/// <summary>Which links a session gets from an introduction, by `--relay` mode (docs/protocol.md, "Relay").</summary>
public sealed class RelayLinkChoiceSpecs
{
    private readonly TestPki _pki = new();
    private static readonly RelayOffer Offer = new(new PeerEndpoint("127.0.0.1", 4054), Enumerable.Repeat((byte)7, 16).ToImmutableArray());

    private PeerSettings Settings(string mode) =>
        PeerSettings.From(ConfigurationFactory.ParseString($"encryptio.peer.relay = {mode}").WithFallback(PeerConfig.Load()), Uid.Parse("alice"));

    private Introduction Intro(PeerEndpoint? endpoint, RelayOffer? relay) =>
        new Introduction(ConversationId.New(), Uid.Parse("bob"), [.. _pki.User("bob").Certificate.RawData], endpoint, true, [Uid.Parse("alice"), Uid.Parse("bob")]) { Relay = relay };

    private SessionSpec Spec(string mode, PeerEndpoint? endpoint, RelayOffer? relay)
    {
        SessionSpec.TryFromIntroduction(Intro(endpoint, relay), _pki.User("alice"), Settings(mode), out var spec, out var reason).Should().BeTrue(reason);
        return spec!;
    }

    [Fact]
    public void The_default_is_fallback_direct_first_then_the_relay()
    {
        PeerSettings.From(PeerConfig.Load(), Uid.Parse("alice")).Relay.Should().Be(RelayMode.Fallback);
        var spec = Spec("fallback", new PeerEndpoint("127.0.0.1", 4100), Offer);

        spec.LinkFactory.Should().BeOfType<FallbackLinkFactory>();
        spec.Relay.Should().Be(Offer);
    }

    [Fact]
    public void Always_uses_only_the_relay_even_when_an_endpoint_was_given()
    {
        Spec("always", new PeerEndpoint("127.0.0.1", 4100), Offer).LinkFactory.Should().BeOfType<RelayLinkFactory>();
    }

    [Fact]
    public void A_relay_only_pair_uses_the_relay_in_fallback_mode_too()
    {
        Spec("fallback", null, Offer).LinkFactory.Should().BeOfType<RelayLinkFactory>();
    }

    [Fact]
    public void Never_dials_direct_and_ignores_the_relay_offer()
    {
        var spec = Spec("never", new PeerEndpoint("127.0.0.1", 4100), Offer);

        spec.LinkFactory.Should().BeSameAs(DirectTcpLinkFactory.Instance);
        spec.Relay.Should().BeNull("the listener is not sent to the relay either");
    }

    [Fact]
    public void An_introduction_without_an_endpoint_and_without_a_relay_is_refused_with_a_reason()
    {
        SessionSpec.TryFromIntroduction(Intro(null, null), _pki.User("alice"), Settings("fallback"), out _, out var reason).Should().BeFalse();
        reason.Should().Contain("neither an endpoint nor a relay");
        SessionSpec.TryFromIntroduction(Intro(null, Offer), _pki.User("alice"), Settings("never"), out _, out reason).Should().BeFalse();
        reason.Should().Contain("--relay never");
        SessionSpec.TryFromIntroduction(Intro(new PeerEndpoint("127.0.0.1", 4100), null), _pki.User("alice"), Settings("always"), out _, out reason).Should().BeFalse();
        reason.Should().Contain("offers no relay", "always never falls back to a direct link that would reveal the address");
    }

    [Fact]
    public void A_relay_mode_that_is_not_one_of_the_three_is_refused_at_start()
    {
        var act = () => Settings("sometimes");
        act.Should().Throw<FormatException>().WithMessage("*never, fallback or always*");
    }
}
