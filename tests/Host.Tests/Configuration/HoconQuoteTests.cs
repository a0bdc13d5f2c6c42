using Akka.Configuration;
using Encryptio.Host.Configuration;

namespace Encryptio.Host.Tests.Configuration;

public sealed class HoconQuoteTests
{
    private static Config ParseAssignment(string value) =>
        ConfigurationFactory.ParseString($"encryptio.peer.advertise = {HoconFiles.Quote(value)}");

    [Theory]
    [InlineData("bob.example:7000")]
    [InlineData("[::1]:7000")]
    [InlineData("a\"b")]
    [InlineData("back\\slash")]
    [InlineData("${akka.remote}")]
    [InlineData("x # not a comment")]
    [InlineData("x // not a comment")]
    [InlineData("{ nested = 1 }")]
    public void A_quoted_value_reads_back_unchanged(string value)
    {
        ParseAssignment(value).GetString("encryptio.peer.advertise").Should().Be(value);
    }

    [Theory]
    [InlineData("x\"\nakka.loglevel = DEBUG\nq = \"")]
    [InlineData("x\"\r\nakka.loglevel = DEBUG\r\nq = \"")]
    [InlineData("x\\\"\nakka.loglevel = DEBUG\nq = \"")]
    [InlineData("x\", akka.loglevel = DEBUG, q = \"")]
    [InlineData("x\" }\nakka { loglevel = DEBUG }\nq { a = \"")]
    public void A_value_with_quotes_and_newlines_cannot_inject_a_second_key(string hostile)
    {
        var config = ParseAssignment(hostile);

        config.HasPath("akka.loglevel").Should().BeFalse();
        config.HasPath("q").Should().BeFalse();
        config.GetString("encryptio.peer.advertise").Should().Be(hostile.Replace("\r", ""), "the whole value stays one string");
    }

    [Fact]
    public void Newlines_are_kept_as_escapes_and_carriage_returns_are_dropped()
    {
        HoconFiles.Quote("a\r\nb").Should().Be("\"a\\nb\"");
        ParseAssignment("a\nb").GetString("encryptio.peer.advertise").Should().Be("a\nb");
    }

    [Fact]
    public void A_hostile_override_in_Load_stays_the_value_of_its_own_key()
    {
        const string hostile = "x\"\nakka.loglevel = DEBUG\nakka.remote.dot-netty.tcp.enable-ssl = false\nq = \"";
        var plain = HoconFiles.Load("peer.conf");

        var config = HoconFiles.Load("peer.conf", new Dictionary<string, string?> { ["encryptio.peer.advertise"] = hostile, ["encryptio.peer.directory"] = null });

        config.GetString("encryptio.peer.advertise").Should().Be(hostile);
        config.GetString("akka.loglevel").Should().Be(plain.GetString("akka.loglevel"));
        config.GetString("akka.remote.dot-netty.tcp.enable-ssl").Should().Be(plain.GetString("akka.remote.dot-netty.tcp.enable-ssl"));
        config.GetString("encryptio.peer.directory").Should().Be(plain.GetString("encryptio.peer.directory"), "a null override leaves the file's value");
    }
}
