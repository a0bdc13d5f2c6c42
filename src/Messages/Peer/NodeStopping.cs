using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`stopping`: the node is shutting down.</summary>
public sealed record NodeStopping(string Reason) : IPeerEvent;
