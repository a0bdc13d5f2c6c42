using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Actors.Tests.DirectoryClient;

public sealed class WaitingRequestsSpecs
{
    [Fact]
    public void A_request_waits_until_released_and_is_released_once()
    {
        var waiting = new WaitingRequests(capacity: 4);

        waiting.Hold(1).Should().Be(WaitingRequests.Verdict.Waits);
        waiting.Hold(1).Should().Be(WaitingRequests.Verdict.StillWaits, "it came back from the stash");
        waiting.Release(1).Should().BeTrue();
        waiting.Release(1).Should().BeFalse();
        waiting.Count.Should().Be(0);
    }

    [Fact]
    public void A_request_answered_at_its_deadline_is_neither_held_again_nor_released()
    {
        var waiting = new WaitingRequests(capacity: 4);
        waiting.Hold(1);
        waiting.Hold(2);

        waiting.Expire(1).Should().BeTrue();
        waiting.Expire(1).Should().BeFalse("it was answered once already");

        waiting.Hold(1).Should().Be(WaitingRequests.Verdict.Answered);
        waiting.Hold(2).Should().Be(WaitingRequests.Verdict.StillWaits);
        waiting.Release(1).Should().BeFalse();
        waiting.Release(2).Should().BeTrue();
    }

    [Fact]
    public void A_new_request_beyond_the_capacity_is_refused_and_never_waits_later()
    {
        var waiting = new WaitingRequests(capacity: 2);
        waiting.Hold(1);
        waiting.Hold(2);

        waiting.Hold(3).Should().Be(WaitingRequests.Verdict.Full);
        waiting.Release(3).Should().BeFalse("it was answered when refused");
        waiting.Release(1).Should().BeTrue();
        waiting.Hold(4).Should().Be(WaitingRequests.Verdict.Waits);
    }

    [Fact]
    public void A_request_that_never_had_to_wait_is_released_at_once()
    {
        var waiting = new WaitingRequests(capacity: 1);

        waiting.Release(7).Should().BeTrue();
        waiting.Release(7).Should().BeFalse();
        waiting.Hold(8).Should().Be(WaitingRequests.Verdict.Waits);
    }
}
