using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Actors.Tests.Support;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Actors.Tests.Node;

/// <summary>What a node registers at the directory as its P2P endpoint once its listener is bound.</summary>
public sealed class AdvertisedEndpointTests
{
    private static readonly PeerEndpoint Bound = new("10.0.0.5", 40123);
    private static readonly PeerSettings Settings = PeerSettings.From(PeerConfig.Load(), Uid.Parse("alice"));

    [Fact]
    public void Without_advertise_the_bound_endpoint_is_registered() =>
        (Settings with { Advertise = null, Relay = RelayMode.Fallback }).AdvertisedFor(Bound).Should().Be(Bound);

    [Fact]
    public void Advertise_replaces_the_bound_endpoint() =>
        (Settings with { Advertise = new PeerEndpoint("chat.example.org", 443) }).AdvertisedFor(Bound)
            .Should().Be(new PeerEndpoint("chat.example.org", 443));

    [Fact]
    public void Relay_always_names_no_address_of_ours_not_even_an_advertised_one() =>
        (Settings with { Advertise = new PeerEndpoint("chat.example.org", 443), Relay = RelayMode.Always }).AdvertisedFor(Bound)
            .Should().Be(new PeerEndpoint(RelayOffer.RelayOnlyHost, Bound.Port));
}
