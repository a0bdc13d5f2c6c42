using Akka.Actor;
using Encryptio.Peer.Support;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// Which directory node the client registers with, which attempt this is, and how long it waits
/// after one fails. Not an actor: the directory client asks it in its own turn and keeps the timers.
/// With several directory nodes a failed attempt (or a lost registration) moves on to the next one,
/// so a node that is down costs one attempt, not all; the wait grows with each failure in a row and
/// starts over once registered.
/// </summary>
public sealed class RegistrationAttempts
{
    // The directory nodes to try and the one in use. A clustered directory adds its other nodes
    // after login (DirectoryNodes).
    private readonly FailoverList _paths;
    // Not BackoffSupervisor / Backoff.OnStop: it restarts a child, which would lose the requests waiting
    // in the client's stash along with the link, and it tells the child neither the attempt nor the delay
    // the user is shown (`directory-unavailable`); Akka's own delay formula (CalculateDelay) is internal.
    private readonly ExponentialBackoff _backoff;

    public RegistrationAttempts(IEnumerable<string> paths, TimeSpan minBackoff, TimeSpan maxBackoff, Random? random = null)
    {
        _paths = new FailoverList(paths, random ?? Random.Shared);
        _backoff = new ExponentialBackoff(minBackoff, maxBackoff, random);
        Use();
    }

    /// <summary>The attempt under way (1 for the first in a row), or 0 while registered.</summary>
    public int Attempt { get; private set; }

    /// <summary>The gate path of the directory node in use.</summary>
    public string Path => _paths.Current;

    /// <summary>The address of the node in use; null if its path does not parse (then nothing is from it).</summary>
    public Address? Address { get; private set; }

    /// <summary>Only actors at the address of the node in use may speak for the directory before registration.</summary>
    public bool IsAt(Address address) => address.Equals(Address);

    /// <summary>A new attempt starts: returns its number, for the timeout that belongs to it.</summary>
    public int Begin() => ++Attempt;

    /// <summary>A timeout of an earlier attempt is stale and ignored.</summary>
    public bool IsCurrent(int attempt) => attempt == Attempt;

    /// <summary>Registered: the next loss starts a fresh row of attempts.</summary>
    public void Succeeded() => Attempt = 0;

    /// <summary>The attempt failed (or the registration was lost): moves to the next node and returns how long to wait.</summary>
    public TimeSpan Failed()
    {
        if (_paths.Count > 1)
        {
            _paths.MoveNext();
            Use();
        }
        return _backoff.Delay(Math.Max(1, Attempt));
    }

    /// <summary>Nodes the directory names: only added to the list, never replacing the user's own; returns those added.</summary>
    public IReadOnlyList<string> Learn(IEnumerable<string> paths) => _paths.Add(paths);

    private void Use() => Address = ActorPath.TryParse(Path, out var path) ? path.Address : null;
}
