using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`key-changed`.</summary>
public sealed record PeerKeyChanged(Uid Uid) : IPeerEvent;
