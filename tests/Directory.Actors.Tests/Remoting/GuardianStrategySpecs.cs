using Akka.Actor;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>The backstop behind the wrappers: the user guardian resumes a top-level actor that gets Kill.</summary>
public sealed class GuardianStrategySpecs(ITestOutputHelper output) : RemotingSpec(output)
{
    [Fact]
    public async Task A_top_level_actor_that_receives_Kill_is_resumed_not_stopped_and_it_is_logged()
    {
        var reports = CreateTestProbe();
        var incarnations = new Counter();
        var gate = Sys.ActorOf(StandInActor.Props(reports.Ref, incarnations), "directory");
        reports.ReceiveN(2);

        // Either guardian (shared KillResistant, or the directory's own) logs the Kill and the Resume.
        await EventFilter.Warning(new System.Text.RegularExpressions.Regex("Kill.*[Rr]esume")).ExpectOneAsync(() =>
        {
            gate.Tell(Kill.Instance);
            return Task.CompletedTask;
        });

        (await gate.Ask<Pong>(new Ping(), TimeSpan.FromSeconds(3))).Should().Be(new Pong("/user/directory", 1, 1));
        await reports.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Any_other_failure_of_a_top_level_actor_is_handled_as_by_default_with_a_restart()
    {
        var reports = CreateTestProbe();
        var incarnations = new Counter();
        var gate = Sys.ActorOf(StandInActor.Props(reports.Ref, incarnations, withChild: false), "directory");
        reports.ExpectMsg<LifecycleEvent>();

        gate.Tell(new Fail());

        reports.ExpectMsg<Received>().Message.Should().BeOfType<Fail>();
        (await reports.ExpectMsgAsync<LifecycleEvent>()).What.Should().StartWith("restarting");
        await AwaitAssertAsync(() => incarnations.Value.Should().Be(2));
    }
}
