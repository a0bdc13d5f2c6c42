using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>Another valid registration of the same UID replaced this one.</summary>
public sealed record Superseded(Uid Uid) : IDirectoryMessage;
