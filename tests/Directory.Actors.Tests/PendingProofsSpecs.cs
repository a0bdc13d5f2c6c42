using Encryptio.Directory.Limits;

namespace Encryptio.Directory.Tests;

/// <summary>
/// Who gives up a place among the registrations waiting for their proof. Groups stand for the associated
/// peer system a Register came from, keys for (system, claimed UID).
/// </summary>
public sealed class PendingProofsSpecs
{
    private static PendingProofs<string, string, string> Table(int perKey, int total) => new(perKey, total);

    [Fact]
    public void A_newcomer_is_never_refused_when_the_table_is_full_of_one_flooders_places_and_the_flooder_gives_one_up()
    {
        var table = Table(perKey: 1000, total: 100);
        for (var i = 0; i < 100; i++) table.Admit($"m{i}", "mallory-system", $"victim-{i}").Should().BeEmpty();

        table.Admit("alice", "alice-system", "alice").Should().Equal("m0");
        table.Contains("alice").Should().BeTrue();
        table.Count.Should().Be(100);
    }

    [Fact]
    public void A_flood_that_goes_on_after_the_honest_newcomer_only_ever_evicts_its_own_places()
    {
        var table = Table(perKey: 4, total: 64);
        for (var i = 0; i < 64; i++) table.Admit($"m{i}", "mallory-system", $"u{i}");
        table.Admit("alice", "alice-system", "alice");
        // Any number of others' certificates, from the attacker's one association: one group, the largest.
        for (var i = 64; i < 100_000; i++)
            table.Admit($"m{i}", "mallory-system", $"u{i % 5000}").Should().NotContain("alice");
        table.Contains("alice").Should().BeTrue();
    }

    [Fact]
    public void A_flooder_with_its_own_association_cannot_push_out_a_peer_that_holds_fewer_places()
    {
        var table = Table(perKey: 4, total: 10);
        table.Admit("alice", "alice-system", "alice");
        table.Admit("bob", "bob-system", "bob");
        for (var i = 0; i < 1000; i++)
            table.Admit($"m{i}", "mallory-system", $"u{i}").Should().NotContain(["alice", "bob"]);
        table.CountOf("mallory-system").Should().Be(8);
    }

    [Fact]
    public void A_peer_registering_again_gives_up_its_own_oldest_attempt_rather_than_being_refused()
    {
        var table = Table(perKey: 2, total: 100);
        table.Admit("a1", "alice-system", "alice");
        table.Admit("a2", "alice-system", "alice");
        table.Admit("a3", "alice-system", "alice").Should().Equal("a1");
        table.Admit("b1", "alice-system", "bob").Should().BeEmpty("the cap is per claimed UID");
    }

    [Fact]
    public void When_every_system_holds_one_place_the_oldest_place_goes()
    {
        var table = Table(perKey: 4, total: 3);
        table.Admit("x", "x-system", "x");
        table.Admit("y", "y-system", "y");
        table.Admit("z", "z-system", "z");
        table.Admit("w", "w-system", "w").Should().Equal("x");
    }

    [Fact]
    public void A_proved_or_stopped_link_frees_its_place_and_removing_it_twice_is_harmless()
    {
        var table = Table(perKey: 4, total: 2);
        table.Admit("a", "s", "k");
        table.Admit("b", "s", "k");
        table.Remove("a").Should().BeTrue();
        table.Remove("a").Should().BeFalse();
        table.Admit("c", "t", "k2").Should().BeEmpty();
        table.Count.Should().Be(2);
    }
}
