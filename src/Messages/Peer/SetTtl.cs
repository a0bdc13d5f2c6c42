using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`ttl`: the lifetime of messages sent from now on.</summary>
public sealed record SetTtl(int Seconds) : IPeerCommand;
