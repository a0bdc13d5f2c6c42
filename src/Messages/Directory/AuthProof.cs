using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The peer's ECDSA P-384 signature (IEEE P1363) over <see cref="AuthTranscript"/>.</summary>
public sealed record AuthProof(ImmutableArray<byte> Signature) : IDirectoryMessage;
