using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The directory refused a request (offline member, too many members, expired proposal...).</summary>
public sealed record CommandRefused(string Command, string Reason) : IDirectoryMessage;
