using Akka.Actor;

namespace Encryptio.Directory.Actors.Tests.Remoting.Support;

/// <summary>Asked locally, never over the wire: how is the actor doing?</summary>
public sealed record Ping;

/// <summary>Sent locally: the stand-in throws, to show ordinary failures still follow the default strategy.</summary>
public sealed record Fail;

public sealed record Pong(string Path, int Incarnation, int Children);

/// <summary>Lifecycle events the stand-ins report to a probe; after an attack there must be none.</summary>
public sealed record LifecycleEvent(string Path, string What);

/// <summary>Every message a stand-in receives, with its sender.</summary>
public sealed record Received(string Path, object Message, IActorRef Sender);

/// <summary>
/// A top-level actor for <see cref="GuardianStrategySpecs"/>, which tests the user guardian's strategy
/// on its own (the hostile-peer and DeathWatch specs run against the real directory): it can have a
/// child, watch an actor, reports every message it gets and every lifecycle hook that runs.
/// Incarnation counts constructor runs, so a restart shows up even if the hooks lie.
/// </summary>
public sealed class StandInActor : UntypedActor
{
    private readonly IActorRef _reports;
    private readonly int _incarnation;

    public static Props Props(IActorRef reports, Counter incarnations, bool withChild = true, IActorRef? watch = null) =>
        Akka.Actor.Props.Create(() => new StandInActor(reports, incarnations, withChild, watch));

    public StandInActor(IActorRef reports, Counter incarnations, bool withChild, IActorRef? watch)
    {
        _reports = reports;
        _incarnation = incarnations.Increment();
        if (withChild) Context.ActorOf(Props(reports, new Counter(), withChild: false), "child");
        if (watch is not null) Context.Watch(watch);
        reports.Tell(new LifecycleEvent(Self.Path.ToStringWithoutAddress(), "started"));
    }

    protected override void OnReceive(object message)
    {
        if (message is Ping)
        {
            Sender.Tell(new Pong(Self.Path.ToStringWithoutAddress(), _incarnation, Context.GetChildren().Count()));
            return;
        }
        _reports.Tell(new Received(Self.Path.ToStringWithoutAddress(), message, Sender));
        if (message is Fail) throw new InvalidOperationException("asked to fail");
    }

    protected override void PreRestart(Exception reason, object message) =>
        _reports.Tell(new LifecycleEvent(Self.Path.ToStringWithoutAddress(), $"restarting ({reason.GetType().Name})"));

    protected override void PostStop() =>
        _reports.Tell(new LifecycleEvent(Self.Path.ToStringWithoutAddress(), "stopped"));
}

public sealed class Counter
{
    private int _value;
    public int Value => Volatile.Read(ref _value);
    public int Increment() => Interlocked.Increment(ref _value);
}
