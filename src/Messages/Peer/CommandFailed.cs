using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`error`: a one-line explanation, and the command it answers when there is one.</summary>
public sealed record CommandFailed(string Message, string? Command = null) : IPeerEvent;
