using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`quit`: unregister and shut the node down.</summary>
public sealed record QuitNode : IPeerCommand
{
    public static readonly QuitNode Instance = new();
    private QuitNode() { }
}
