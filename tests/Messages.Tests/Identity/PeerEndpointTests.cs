using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Tests.Identity;

public sealed class PeerEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:4053", "127.0.0.1", 4053)]
    [InlineData("bob.example:1", "bob.example", 1)]
    [InlineData("localhost:65535", "localhost", 65535)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("[fe80::1]:7000", "fe80::1", 7000)]
    public void Host_and_port_parse(string text, string host, int port)
    {
        PeerEndpoint.TryParse(text, out var endpoint, out var error).Should().BeTrue(error);

        endpoint!.Host.Should().Be(host);
        endpoint.Port.Should().Be(port);
    }

    [Theory]
    [InlineData("127.0.0.1:4053")]
    [InlineData("[::1]:7000")]
    public void Parsing_round_trips_through_ToString(string text)
    {
        PeerEndpoint.TryParse(text, out var endpoint, out _).Should().BeTrue();
        endpoint!.ToString().Should().Be(text);
        PeerEndpoint.TryParse(endpoint.ToString(), out var again, out _).Should().BeTrue();
        again.Should().Be(endpoint);
    }

    [Theory]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("[::1]:99999")]
    public void A_port_outside_1_to_65535_is_refused_naming_the_range(string text)
    {
        PeerEndpoint.TryParse(text, out var endpoint, out var error).Should().BeFalse();
        endpoint.Should().BeNull();
        error.Should().Contain("1-65535");
    }

    [Theory]
    [InlineData("host")]
    [InlineData("host:")]
    [InlineData("host:-1")]
    [InlineData("host:+80")]
    [InlineData("host: 80")]
    [InlineData("[host:80")]
    [InlineData("host]:80")]
    [InlineData("::1:7000")]
    [InlineData("host:http")]
    [InlineData(":4053")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Text_without_a_host_and_numeric_port_is_refused_as_not_host_port(string? text)
    {
        PeerEndpoint.TryParse(text, out var endpoint, out var error).Should().BeFalse();
        endpoint.Should().BeNull();
        error.Should().Contain("HOST:PORT");
    }

    [Theory]
    [InlineData("bad host:4053")]
    [InlineData("host\n:4053")]
    public void A_host_with_whitespace_is_refused(string text)
    {
        PeerEndpoint.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain("not a valid host name");
    }

    [Fact]
    public void A_host_longer_than_253_characters_is_refused()
    {
        PeerEndpoint.TryParse(new string('a', 254) + ":80", out _, out _).Should().BeFalse();
        PeerEndpoint.TryParse(new string('a', 253) + ":80", out _, out _).Should().BeTrue();
    }

    [Fact]
    public void The_constructor_refuses_what_parsing_refuses()
    {
        ((Action)(() => new PeerEndpoint("h", 0))).Should().Throw<FormatException>();
        ((Action)(() => new PeerEndpoint("", 80))).Should().Throw<FormatException>();
    }
}
