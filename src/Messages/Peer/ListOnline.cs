using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`who`: ask the directory who is online.</summary>
public sealed record ListOnline : IPeerCommand
{
    public static readonly ListOnline Instance = new();
    private ListOnline() { }
}
