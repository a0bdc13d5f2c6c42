using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>Asks who is online.</summary>
public sealed record Who : IDirectoryMessage
{
    public static readonly Who Instance = new();
    private Who() { }
}
