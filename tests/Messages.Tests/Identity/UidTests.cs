using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Tests.Identity;

public sealed class UidTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("alice")]
    [InlineData("bob_2")]
    [InlineData("carol-the-3rd")]
    [InlineData("z0_-")]
    [InlineData("abcdefghijabcdefghijabcdefghij12")]
    public void Lowercase_letters_digits_underscore_and_dash_starting_with_a_letter_up_to_32_are_valid(string text)
    {
        Uid.TryParse(text, out var uid, out var error).Should().BeTrue(error);
        uid!.Value.Should().Be(text);
        error.Should().BeEmpty();
    }

    [Fact]
    public void An_empty_uid_is_refused()
    {
        Uid.TryParse("", out var uid, out var error).Should().BeFalse();
        uid.Should().BeNull();
        error.Should().Be("a UID must not be empty");
        Uid.TryParse(null, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void A_uid_of_33_characters_is_refused_as_too_long()
    {
        Uid.TryParse("abcdefghijabcdefghijabcdefghij123", out _, out var error).Should().BeFalse();
        error.Should().Contain("longer than 32");
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("aLice")]
    [InlineData("ALICE")]
    public void Uppercase_is_refused(string text)
    {
        Uid.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain($"'{text}'");
    }

    [Theory]
    [InlineData("1alice")]
    [InlineData("_alice")]
    [InlineData("-alice")]
    public void A_uid_not_starting_with_a_letter_is_refused(string text)
    {
        Uid.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain("must start with a lowercase letter a-z");
    }

    [Theory]
    [InlineData("al ice")]
    [InlineData("alice.b")]
    [InlineData("alice@x")]
    [InlineData("alicé")]
    [InlineData("alice\n")]
    [InlineData("alice/../bob")]
    public void Any_other_character_is_refused_naming_the_allowed_set(string text)
    {
        Uid.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain("a-z, 0-9, '_' and '-'");
    }

    [Fact]
    public void A_long_invalid_uid_is_not_echoed_whole_in_the_error()
    {
        Uid.TryParse(new string('A', 100_000), out _, out var error).Should().BeFalse();
        error.Length.Should().BeLessThan(120);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_rule()
    {
        var parse = () => Uid.Parse("Bob");
        parse.Should().Throw<FormatException>().WithMessage("*lowercase letter*");
    }

    [Fact]
    public void Uids_are_equal_by_value_and_ordered_ordinally()
    {
        Uid.Parse("bob").Should().Be(Uid.Parse("bob"));
        Uid.Parse("alice").CompareTo(Uid.Parse("bob")).Should().BeNegative();
        Uid.Parse("bob").CompareTo(Uid.Parse("bob-2")).Should().BeNegative();
        Uid.Parse("b-1").CompareTo(Uid.Parse("b_1")).Should().BeNegative("ordinal: '-' (0x2d) sorts before '_' (0x5f)");
        Uid.Parse("z").CompareTo(Uid.Parse("a9")).Should().BePositive();
    }
}
