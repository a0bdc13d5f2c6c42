using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`directory-unavailable`: registration failed or the directory went away; retrying.</summary>
public sealed record DirectoryUnavailable(string Reason, int Attempt, TimeSpan RetryIn) : IPeerEvent;
