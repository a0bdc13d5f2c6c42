using Akka.Actor;
using Akka.TestKit.Xunit2;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Tests;

public sealed class PresenceWatchesSpecs : TestKit
{
    private static readonly Uid Bob = Uid.Parse("bob");

    [Fact]
    public void Each_watcher_is_told_once_and_a_gone_link_is_told_nothing()
    {
        var watches = new PresenceWatches();
        var alice = CreateTestProbe().Ref;
        var carol = CreateTestProbe().Ref;
        watches.TryWatch(Bob, alice).Should().BeTrue();
        watches.TryWatch(Bob, alice).Should().BeTrue("watching twice is one watch");
        watches.TryWatch(Bob, carol).Should().BeTrue();

        watches.Forget(carol);

        watches.Registered(Bob).Should().Equal([alice]);
        watches.Registered(Bob).Should().BeEmpty("a watch is answered once");
        watches.Count.Should().Be(0);
    }

    [Fact]
    public void A_link_watches_at_most_its_share_and_the_directory_at_most_its_total()
    {
        var perLink = new PresenceWatches(perLink: 2, total: 100);
        var alice = CreateTestProbe().Ref;
        perLink.TryWatch(Uid.Parse("b1"), alice).Should().BeTrue();
        perLink.TryWatch(Uid.Parse("b2"), alice).Should().BeTrue();
        perLink.TryWatch(Uid.Parse("b3"), alice).Should().BeFalse();

        var total = new PresenceWatches(perLink: 10, total: 1);
        total.TryWatch(Bob, alice).Should().BeTrue();
        total.TryWatch(Bob, CreateTestProbe().Ref).Should().BeFalse();
    }
}
