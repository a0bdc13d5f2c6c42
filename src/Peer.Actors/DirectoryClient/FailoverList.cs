namespace Encryptio.Peer.DirectoryClient;

/// <summary>
/// The directory nodes a peer may register with, as gate paths, and the one in use. The user's own list
/// (`--directory`) is shuffled once, so a crowd of peers does not pick the same node first; nodes the
/// directory names after login (DirectoryNodes) are added behind it, never replacing or dropping one.
/// </summary>
public sealed class FailoverList
{
    /// <summary>No more paths than this, whatever a directory names (the user's own always count).</summary>
    public const int MaxPaths = 64;

    private readonly List<string> _paths;
    private int _current;

    public FailoverList(IEnumerable<string> paths, Random random)
    {
        var own = paths.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (own.Length == 0) throw new ArgumentException("at least one directory path", nameof(paths));
        random.Shuffle(own);
        _paths = [.. own];
        _random = random;
    }

    private readonly Random _random;

    public string Current => _paths[_current];

    public int Count => _paths.Count;

    public IReadOnlyList<string> Paths => _paths;

    /// <summary>After a failed attempt or a lost registration: the next node, round the list.</summary>
    public void MoveNext() => _current = (_current + 1) % _paths.Count;

    /// <summary>Adds the paths not known yet (in a shuffled order, up to <see cref="MaxPaths"/>); returns those added.</summary>
    public IReadOnlyList<string> Add(IEnumerable<string> paths)
    {
        var fresh = paths.Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(p => !_paths.Contains(p, StringComparer.OrdinalIgnoreCase)).ToArray();
        _random.Shuffle(fresh);
        var added = fresh.Take(Math.Max(0, MaxPaths - _paths.Count)).ToArray();
        _paths.AddRange(added);
        return added;
    }
}
