using Akka.Actor;
using Akka.Event;

namespace Encryptio.Runtime.Supervision;

/// <summary>
/// The user guardian's strategy (<c>akka.actor.guardian-supervisor-strategy</c>): a top-level actor
/// that somehow receives <see cref="Kill"/> is resumed, with a warning, instead of stopped. A backstop
/// behind the serializer wrappers, which already keep Kill off the wire; every other failure is
/// handled as Akka's default strategy would.
/// </summary>
public sealed class KillResistantGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => new Strategy();

    private sealed class Strategy() : OneForOneStrategy(Decide)
    {
        private static Directive Decide(Exception cause) =>
            cause is ActorKilledException ? Directive.Resume : DefaultDecider.Decide(cause);

        protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
        {
            if (cause is ActorKilledException)
                context.System.EventStream.Publish(new Warning(child.Path.ToString(), GetType(),
                    $"{child.Path} received Kill; resumed by the guardian instead of stopped"));
            else
                base.LogFailure(context, child, cause, directive);
        }
    }
}
