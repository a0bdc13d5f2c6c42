using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`online`: answer to `who`.</summary>
public sealed record OnlineListed(ImmutableArray<Uid> Uids) : IPeerEvent;
