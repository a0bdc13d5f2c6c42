using Akka.Actor;

namespace Encryptio.Directory.Supervision;

/// <summary>
/// The user guardian's strategy for a directory node, set in HOCON with
/// <c>akka.actor.guardian-supervisor-strategy = "Encryptio.Directory.Supervision.DirectoryGuardianStrategy, Encryptio.Directory.Actors"</c>.
/// A peer can forge a <c>Kill</c> to /user/directory (or any path it guesses); resuming on
/// <see cref="ActorKilledException"/> keeps the gate and, more importantly, the registry's state.
/// Anything else restarts the actor, as Akka's default would, but logged.
/// </summary>
public sealed class DirectoryGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new LoggedOneForOneStrategy(cause => cause switch
    {
        ActorKilledException => Directive.Resume,
        ActorInitializationException => Directive.Stop,
        _ => Directive.Restart
    });
}
