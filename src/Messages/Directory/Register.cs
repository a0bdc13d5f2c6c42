using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>A peer asks to be registered: its UID, its certificate (DER) and the P2P endpoint to hand out.</summary>
/// <remarks>Version 2: the proof (<see cref="AuthTranscript"/>) binds the directory's TLS key. Version 1 is refused.</remarks>
public sealed record Register(Uid Uid, ImmutableArray<byte> CertificateDer, PeerEndpoint P2P, int Version) : IDirectoryMessage
{
    public const int CurrentVersion = 2;
}
