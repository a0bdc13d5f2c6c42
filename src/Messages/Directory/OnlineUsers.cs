using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The UIDs online now, sorted.</summary>
public sealed record OnlineUsers(ImmutableArray<Uid> Uids) : IDirectoryMessage;
