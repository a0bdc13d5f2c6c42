using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The peer proved its identity and is online.</summary>
public sealed record Registered(Uid Uid) : IDirectoryMessage;
