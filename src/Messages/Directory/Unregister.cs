using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The peer leaves the directory (shutting down).</summary>
public sealed record Unregister : IDirectoryMessage
{
    public static readonly Unregister Instance = new();
    private Unregister() { }
}
