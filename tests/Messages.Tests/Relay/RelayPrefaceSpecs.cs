using System.Text;
using Encryptio.Messages.Relay;

namespace Encryptio.Messages.Tests.Relay;

public sealed class RelayPrefaceSpecs
{
    private static readonly byte[] Token = Enumerable.Range(1, RelayPreface.TokenSize).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_request_is_magic_version_length_and_the_token_in_22_bytes()
    {
        var request = RelayPreface.EncodeRequest(Token);

        Convert.ToHexString(request).Should().Be("45524C59" + "01" + "10" + "0102030405060708090A0B0C0D0E0F10");
        RelayPreface.TryParseRequest(request, out var token, out var refusal, out var reason).Should().BeTrue();
        token.Should().Equal(Token);
        refusal.Should().Be(RelayRefusal.None);
        reason.Should().BeNull();
    }

    [Fact]
    public void Garbage_on_the_relay_port_is_refused_as_a_bad_preface()
    {
        var garbage = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n")[..RelayPreface.RequestSize];

        RelayPreface.TryParseRequest(garbage, out var token, out var refusal, out var reason).Should().BeFalse();
        token.Should().BeNull();
        refusal.Should().Be(RelayRefusal.BadPreface);
        reason.Should().Contain("magic");
    }

    [Fact]
    public void A_request_of_another_version_is_refused_with_the_version_code()
    {
        var request = RelayPreface.EncodeRequest(Token);
        request[4] = 2;

        RelayPreface.TryParseRequest(request, out _, out var refusal, out var reason).Should().BeFalse();
        refusal.Should().Be(RelayRefusal.Version);
        reason.Should().Contain("version 2");
    }

    [Theory]
    [InlineData(15)]
    [InlineData(17)]
    public void A_token_of_another_length_is_refused(int length)
    {
        var request = RelayPreface.EncodeRequest(Token);
        request[5] = (byte)length;

        RelayPreface.TryParseRequest(request, out _, out var refusal, out _).Should().BeFalse();
        refusal.Should().Be(RelayRefusal.BadPreface);
        RelayPreface.TryParseRequest(request.AsSpan(0, 21), out _, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void An_ok_answer_is_seven_bytes_and_what_follows_it_is_relayed_data()
    {
        var answer = RelayPreface.EncodeAnswer(RelayAnswer.Spliced);
        Convert.ToHexString(answer).Should().Be("45524C59" + "01" + "00" + "00");

        var withData = answer.Concat(new byte[] { 0, 0, 0, 1, 3 }).ToArray();
        RelayPreface.TryParseAnswer(withData, out var parsed, out var consumed, out var error).Should().BeTrue();
        parsed!.IsSpliced.Should().BeTrue();
        consumed.Should().Be(7);
        error.Should().BeNull();
    }

    [Fact]
    public void A_refusal_carries_its_code_and_one_line_of_text()
    {
        var answer = RelayPreface.EncodeAnswer(new RelayAnswer(RelayRefusal.UidLimit, "alice already has 8 relayed pairs\nsecond line"));

        RelayPreface.TryParseAnswer(answer, out var parsed, out var consumed, out _).Should().BeTrue();
        parsed!.Code.Should().Be(RelayRefusal.UidLimit);
        parsed.CodeName.Should().Be("uid-limit");
        parsed.Reason.Should().Be("alice already has 8 relayed pairs second line");
        consumed.Should().Be(answer.Length);
    }

    [Fact]
    public void An_answer_read_byte_by_byte_needs_more_until_it_is_whole()
    {
        var answer = RelayPreface.EncodeAnswer(new RelayAnswer(RelayRefusal.TokenUnknown, "no such token"));
        for (var i = 0; i < answer.Length; i++)
        {
            RelayPreface.TryParseAnswer(answer.AsSpan(0, i), out var parsed, out _, out var error).Should().BeFalse();
            parsed.Should().BeNull();
            error.Should().BeNull($"{i} bytes are a prefix of a good answer");
        }
        RelayPreface.TryParseAnswer(answer, out _, out _, out _).Should().BeTrue();
    }

    [Fact]
    public void A_long_refusal_text_is_cut_to_200_bytes_on_a_character_boundary()
    {
        var answer = RelayPreface.EncodeAnswer(new RelayAnswer(RelayRefusal.NodeLimit, new string('ž', 150)));

        answer.Length.Should().Be(RelayPreface.AnswerHeaderSize + 200);
        RelayPreface.TryParseAnswer(answer, out var parsed, out _, out _).Should().BeTrue();
        parsed!.Reason.Should().Be(new string('ž', 100));
    }

    [Theory]
    [InlineData("48545450", "no relay preface")]          // HTTP
    [InlineData("45524C5902000000", "version")]
    [InlineData("45524C590100050102030405", "OK")]       // text on an OK answer
    [InlineData("45524C590103FF", "over")]
    [InlineData("45524C59010301FF", "UTF-8")]
    [InlineData("45524C590103010A", "control")]
    public void A_malformed_answer_is_an_error_not_a_wait(string hex, string why)
    {
        RelayPreface.TryParseAnswer(Convert.FromHexString(hex), out var parsed, out _, out var error).Should().BeFalse();
        parsed.Should().BeNull();
        error.Should().NotBeNull();
        (error!.Contains(why, StringComparison.OrdinalIgnoreCase) || why == "no relay preface").Should().BeTrue(error);
    }

    [Fact]
    public void Tokens_are_128_random_bits_and_differ()
    {
        var a = RelayPreface.NewToken();
        var b = RelayPreface.NewToken();
        a.Length.Should().Be(16);
        a.Should().NotEqual(b);
    }
}
