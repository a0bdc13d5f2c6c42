using Encryptio.Directory.Relay;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Relay;

namespace Encryptio.Directory.Tests.Relay;

public sealed class RelayBookSpecs
{
    private static readonly Uid Alice = Uid.Parse("alice");
    private static readonly Uid Bob = Uid.Parse("bob");
    private static readonly Uid Mallory = Uid.Parse("mallory");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expiry = T0.AddSeconds(60);

    private static byte[] Token(byte seed = 1) => Enumerable.Repeat(seed, RelayPreface.TokenSize).ToArray();

    private static RelayBook<string> Book(int perUid = 8, int pairs = 1000)
    {
        var book = new RelayBook<string>(perUid, pairs);
        book.Issue(Token(), Alice, Bob, Expiry);
        return book;
    }

    [Fact]
    public void The_two_members_a_token_was_issued_for_are_paired()
    {
        var book = Book();

        book.Claim(Token(), Alice, "alice-conn", T0).Should().BeOfType<ClaimOutcome<string>.Waiting>();
        var paired = book.Claim(Token(), Bob, "bob-conn", T0.AddSeconds(1)).Should().BeOfType<ClaimOutcome<string>.Paired>().Subject;

        paired.Partner.Should().Be("alice-conn");
        paired.PartnerUid.Should().Be(Alice);
        book.Places.Should().Be(1);
        book.PlacesOf(Alice).Should().Be(1);
        book.PlacesOf(Bob).Should().Be(1);
    }

    [Fact]
    public void A_token_used_by_a_uid_it_was_not_issued_for_is_refused()
    {
        var book = Book();
        book.Claim(Token(), Alice, "alice-conn", T0);

        var outcome = book.Claim(Token(), Mallory, "mallory-conn", T0);

        outcome.Should().BeEquivalentTo(new { Code = RelayRefusal.TokenNotYours });
        book.Claim(Token(), Bob, "bob-conn", T0).Should().BeOfType<ClaimOutcome<string>.Paired>("mallory's attempt took nothing away");
    }

    [Fact]
    public void A_token_reused_after_its_pair_was_spliced_is_refused()
    {
        var book = Book();
        book.Claim(Token(), Alice, "a", T0);
        book.Claim(Token(), Bob, "b", T0);

        book.Claim(Token(), Alice, "a2", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.TokenUnknown });
        book.Claim(Token(), Bob, "b2", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.TokenUnknown });
    }

    [Fact]
    public void A_member_presenting_the_token_twice_is_not_paired_with_itself()
    {
        var book = Book();
        book.Claim(Token(), Alice, "a", T0);

        book.Claim(Token(), Alice, "a-again", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.TokenNotYours });
    }

    [Fact]
    public void An_unknown_or_expired_token_is_refused()
    {
        var book = Book();

        book.Claim(Token(9), Alice, "a", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.TokenUnknown });
        book.Claim(Token(), Alice, "a", Expiry).Should().BeEquivalentTo(new { Code = RelayRefusal.TokenUnknown });
    }

    [Fact]
    public void An_unpaired_end_is_handed_back_when_its_token_expires_and_its_places_are_freed()
    {
        var book = Book();
        book.Claim(Token(), Alice, "a", T0);

        book.Expire(Expiry.AddSeconds(-1)).Should().BeEmpty();
        book.Expire(Expiry).Should().Equal("a");

        book.Places.Should().Be(0);
        book.PlacesOf(Alice).Should().Be(0);
        book.Tokens.Should().Be(0);
    }

    [Fact]
    public void A_waiting_end_that_went_away_frees_its_places_and_may_present_the_token_again()
    {
        var book = Book();
        book.Claim(Token(), Alice, "a", T0);

        book.Abandon("a").Should().BeTrue();

        book.Places.Should().Be(0);
        book.PlacesOf(Alice).Should().Be(0);
        book.Claim(Token(), Alice, "a-again", T0).Should().BeOfType<ClaimOutcome<string>.Waiting>();
        book.Abandon("never-waited").Should().BeFalse();
    }

    [Fact]
    public void A_uid_at_its_cap_of_relayed_pairs_is_refused_with_uid_limit()
    {
        var book = new RelayBook<string>(maxPairsPerUid: 2, maxPairs: 100);
        for (byte i = 1; i <= 3; i++) book.Issue(Token(i), Alice, i == 3 ? Mallory : Bob, Expiry);
        book.Claim(Token(1), Alice, "a1", T0);
        book.Claim(Token(2), Alice, "a2", T0);

        book.Claim(Token(3), Alice, "a3", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.UidLimit });
        book.Claim(Token(3), Mallory, "m", T0).Should().BeOfType<ClaimOutcome<string>.Waiting>("the cap is per user");
    }

    [Fact]
    public void The_node_at_its_cap_of_pairs_refuses_new_ones_with_node_limit_and_takes_them_again_when_one_ends()
    {
        var book = new RelayBook<string>(maxPairsPerUid: 8, maxPairs: 1);
        book.Issue(Token(1), Alice, Bob, Expiry);
        book.Issue(Token(2), Mallory, Bob, Expiry);
        book.Claim(Token(1), Alice, "a", T0);
        book.Claim(Token(1), Bob, "b", T0);

        book.Claim(Token(2), Mallory, "m", T0).Should().BeEquivalentTo(new { Code = RelayRefusal.NodeLimit });
        book.PairEnded(Alice, Bob);
        book.Claim(Token(2), Mallory, "m", T0).Should().BeOfType<ClaimOutcome<string>.Waiting>();
    }
}

public sealed class ByteRateSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Within_one_seconds_worth_nothing_waits()
    {
        var rate = new ByteRate(100_000, T0);

        rate.Take(60_000, T0).Should().Be(TimeSpan.Zero);
        rate.Take(40_000, T0).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Beyond_the_rate_the_wait_is_what_the_excess_takes_at_that_rate()
    {
        var rate = new ByteRate(100_000, T0);
        rate.Take(100_000, T0);

        rate.Take(50_000, T0).Should().Be(TimeSpan.FromSeconds(0.5));
        rate.Take(50_000, T0.AddSeconds(1)).Should().Be(TimeSpan.Zero, "a second refills 100,000 and half of it was owed");
    }
}

public sealed class SharedByteRateSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_pump_takes_from_one_allowance_so_two_pairs_together_wait_as_one()
    {
        var node = new SharedByteRate(100_000, T0);

        node.Take(60_000, T0).Should().Be(TimeSpan.Zero);
        node.Take(40_000, T0).Should().Be(TimeSpan.Zero);
        node.Take(50_000, T0).Should().Be(TimeSpan.FromSeconds(0.5), "the second pair pays for what the first used");
    }
}
