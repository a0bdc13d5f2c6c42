using Akka.Actor;

namespace Encryptio.Bench;

/// <summary>Blocking waits on an Akka <see cref="Inbox"/> for set-up steps (never inside a timed section).</summary>
public static class EventInbox
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static T Expect<T>(this Inbox inbox, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no {typeof(T).Name} within {(timeout ?? Patience).TotalSeconds:0} s");
            object message;
            try
            {
                message = inbox.Receive(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no {typeof(T).Name} within {(timeout ?? Patience).TotalSeconds:0} s");
            }
            if (message is T wanted) return wanted;
        }
    }
}
