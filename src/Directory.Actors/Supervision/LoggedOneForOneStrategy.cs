using Akka.Actor;
using Akka.Event;

namespace Encryptio.Directory.Supervision;

/// <summary>
/// A one-for-one strategy that logs every decision with the failing child's path, so a person can
/// follow supervision in the directory's log. Akka's own failure log is replaced, not duplicated.
/// </summary>
public sealed class LoggedOneForOneStrategy(Func<Exception, Directive> decider)
    : OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, decider)
{
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        var log = context.System.Log;
        const string template = "supervision: {0} failed with {1}: {2}; decision {3} (by {4})";
        if (directive == Directive.Resume)
            log.Warning(template, child.Path, cause.GetType().Name, cause.Message, directive, context.Self.Path);
        else
            log.Error(cause, template, child.Path, cause.GetType().Name, cause.Message, directive, context.Self.Path);
    }

    /// <summary>Stop the child whatever happened: for per-peer and per-proposal actors, whose loss only hurts one peer.</summary>
    public static LoggedOneForOneStrategy StopAlways() => new(_ => Directive.Stop);
}
