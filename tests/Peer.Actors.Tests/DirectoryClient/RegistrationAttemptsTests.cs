using Encryptio.Peer.DirectoryClient;

namespace Encryptio.Peer.Actors.Tests.DirectoryClient;

public sealed class RegistrationAttemptsTests
{
    private const string A = "akka.ssl.tcp://directory@10.0.0.1:4100/user/directory";
    private const string B = "akka.ssl.tcp://directory@10.0.0.2:4100/user/directory";
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Each_failure_in_a_row_waits_longer_and_registering_starts_the_row_over()
    {
        var attempts = new RegistrationAttempts([A], Min, Max, new Random(3));

        attempts.Begin().Should().Be(1);
        var first = attempts.Failed();
        attempts.Begin().Should().Be(2);
        var second = attempts.Failed();
        second.Should().BeGreaterThan(first);

        attempts.Succeeded();
        attempts.Attempt.Should().Be(0);
        attempts.Begin().Should().Be(1, "a lost registration is a fresh row of attempts");
    }

    [Fact]
    public void A_loss_while_registered_still_waits_at_least_the_shortest_delay()
    {
        var attempts = new RegistrationAttempts([A], Min, Max, new Random(3));

        attempts.Failed().Should().BeGreaterThanOrEqualTo(Min);
    }

    [Fact]
    public void A_timeout_of_an_earlier_attempt_is_stale()
    {
        var attempts = new RegistrationAttempts([A], Min, Max);
        var earlier = attempts.Begin();
        attempts.Failed();
        var current = attempts.Begin();

        attempts.IsCurrent(earlier).Should().BeFalse();
        attempts.IsCurrent(current).Should().BeTrue();
    }

    [Fact]
    public void A_failed_attempt_moves_to_the_next_directory_node_and_only_its_address_may_speak()
    {
        var attempts = new RegistrationAttempts([A, B], Min, Max, new Random(1));
        var first = attempts.Path;
        var firstAddress = attempts.Address!;
        attempts.IsAt(firstAddress).Should().BeTrue();

        attempts.Begin();
        attempts.Failed();

        attempts.Path.Should().NotBe(first);
        attempts.IsAt(firstAddress).Should().BeFalse("the node given up on no longer speaks for the directory");
        attempts.IsAt(attempts.Address!).Should().BeTrue();
    }

    [Fact]
    public void With_one_directory_node_a_failure_stays_on_it()
    {
        var attempts = new RegistrationAttempts([A], Min, Max);

        attempts.Begin();
        attempts.Failed();

        attempts.Path.Should().Be(A);
    }

    [Fact]
    public void Nodes_the_directory_names_are_learnt_without_moving_off_the_one_in_use()
    {
        var attempts = new RegistrationAttempts([A], Min, Max, new Random(1));

        attempts.Learn([A, B]).Should().Equal(B);
        attempts.Path.Should().Be(A);
        attempts.Failed();
        attempts.Path.Should().Be(B, "a failure now has somewhere else to go");
    }
}
