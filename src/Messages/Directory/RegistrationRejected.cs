using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The registration failed; the reason is safe to show and to log.</summary>
public sealed record RegistrationRejected(string Reason) : IDirectoryMessage;
