using Akka.Actor;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// Where the directory client keeps the requests that arrive while it is away: in its own stash, each
/// with a deadline timer, at most a set number at once. Every request leaves once: carried out when
/// the client is back, or answered (<see cref="RequestNotCarriedOut"/>) at its deadline, when the room
/// is full, or when the client gives up. Not an actor: it works with the client's stash and timers,
/// during the client's own turn; <see cref="WaitingRequests"/> keeps the count.
/// </summary>
internal sealed class WaitingRoom(IStash stash, ITimerScheduler timers, TimeSpan wait, int capacity, Action<DirectoryRequest, string> notCarriedOut)
{
    /// <summary>The timer message for a request that has waited long enough.</summary>
    public sealed record Deadline(DirectoryRequest Request);

    private readonly WaitingRequests _waiting = new(capacity);

    /// <summary>The client cannot send this request now: it waits, or is refused at once when the room is full.</summary>
    public void Hold(DirectoryRequest request)
    {
        switch (_waiting.Hold(request.Id))
        {
            case WaitingRequests.Verdict.Waits:
                timers.StartSingleTimer(Key(request), new Deadline(request), wait);
                stash.Stash();
                break;
            case WaitingRequests.Verdict.StillWaits:
                stash.Stash();
                break;
            case WaitingRequests.Verdict.Full:
                notCarriedOut(request, $"{capacity} commands are already waiting for the directory to come back");
                break;
        }
    }

    /// <summary>True once for each request: it is to be carried out (or refused) now, and waits no more.</summary>
    public bool Release(DirectoryRequest request)
    {
        if (!_waiting.Release(request.Id)) return false;
        timers.Cancel(Key(request));
        return true;
    }

    /// <summary>A request still waiting at its deadline is answered now, and swept out of the stash.</summary>
    public void Expire(Deadline deadline)
    {
        if (!_waiting.Expire(deadline.Request.Id)) return;
        notCarriedOut(deadline.Request, $"the directory was not back within {wait.TotalSeconds:0.#}s (it keeps retrying); try again");
        // Everything comes back through the client's handlers: the answered one is dropped, the others wait on.
        stash.UnstashAll();
    }

    /// <summary>Whatever waits comes back first to the client's mailbox, in the order it arrived, to be carried out or refused.</summary>
    public void Open() => stash.UnstashAll();

    private static (string, long) Key(DirectoryRequest request) => ("deadline", request.Id);
}
