using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`connect`: propose a conversation with these UIDs.</summary>
public sealed record ConnectTo(ImmutableArray<Uid> Members) : IPeerCommand;
