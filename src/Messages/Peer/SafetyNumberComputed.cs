using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`safety-number`.</summary>
public sealed record SafetyNumberComputed(Uid Uid, string Number) : IPeerEvent;
