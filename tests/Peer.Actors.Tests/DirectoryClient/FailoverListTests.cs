using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Actors.Tests.DirectoryClient;

public sealed class FailoverListTests
{
    private static readonly string[] Own = ["a", "b", "c"];

    [Fact]
    public void The_users_own_list_is_tried_in_a_shuffled_order_and_round_again()
    {
        var list = new FailoverList(Own, new Random(7));
        var seen = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            seen.Add(list.Current);
            list.MoveNext();
        }

        seen.Take(3).Should().BeEquivalentTo(Own);
        seen.Skip(3).Should().Equal(seen.Take(3), "after the last one the list starts again");
    }

    [Fact]
    public void Nodes_the_directory_names_are_added_behind_the_users_own_deduplicated_and_none_of_the_users_dropped()
    {
        var list = new FailoverList(Own, new Random(1));
        var current = list.Current;

        var added = list.Add(["B", "d", "e", "d"]);

        added.Should().BeEquivalentTo(["d", "e"], "b is already known (paths compare without case), d is named twice");
        list.Paths.Take(3).Should().BeEquivalentTo(Own);
        list.Paths.Should().HaveCount(5);
        list.Current.Should().Be(current, "learning nodes does not move away from the one in use");
    }

    [Fact]
    public void An_empty_or_known_list_adds_nothing()
    {
        var list = new FailoverList(Own, new Random(1));

        list.Add([]).Should().BeEmpty();
        list.Add(Own).Should().BeEmpty();
        list.Paths.Should().HaveCount(3);
    }

    [Fact]
    public void A_directory_cannot_grow_the_list_beyond_its_limit()
    {
        var list = new FailoverList(Own, new Random(1));

        list.Add(Enumerable.Range(0, 500).Select(i => $"node{i}"));

        list.Paths.Should().HaveCount(FailoverList.MaxPaths);
        list.Paths.Should().Contain(Own);
    }
}
