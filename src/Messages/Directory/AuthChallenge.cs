using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>The directory asks the peer to sign a fresh single-use nonce bound to this directory.</summary>
public sealed record AuthChallenge(ImmutableArray<byte> Nonce, string DirectoryId) : IDirectoryMessage
{
    public const int NonceSize = 32;
}
