using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Wire 1.5, after <see cref="Registered"/>: where peers reach each node of a directory cluster (their
/// edge ports, the ones `--directory` names), so a peer that knows one node can fail over to the others.
/// A single node sends none. Not trusted to decide anything: a node listed here must still prove a
/// directory certificate of the peer's CA in TLS before the peer registers there.
/// </summary>
public sealed record DirectoryNodes(ImmutableArray<PeerEndpoint> Nodes) : IDirectoryMessage
{
    /// <summary>At most this many nodes on the wire (a longer list is refused as malformed).</summary>
    public const int MaxNodes = 64;

    public bool Equals(DirectoryNodes? other) =>
        other is not null && (Nodes.IsDefault ? [] : Nodes).SequenceEqual(other.Nodes.IsDefault ? [] : other.Nodes);

    public override int GetHashCode() => Nodes.IsDefault ? 0 : Nodes.Length;

    public override string ToString() => $"DirectoryNodes [{string.Join(", ", Nodes.IsDefault ? [] : Nodes)}]";
}
