using System.Collections.Immutable;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>
/// The operator's revocation list as the directory's <see cref="Registry"/> polls it (the Host's
/// RevocationList, re-read when its file changes). Registrations are checked again whenever
/// <see cref="Version"/> changes, so `encryptio revoke` ends a live registration within one poll.
/// </summary>
public interface IRevocations
{
    /// <summary>Changes whenever the list may have changed; cheap to read.</summary>
    long Version { get; }

    /// <summary>The notice for this registered certificate if it is revoked, else null. Its CA signature may be empty (a list written before signed notices).</summary>
    KeyRevoked? NoticeFor(Uid uid, ImmutableArray<byte> certificateDer);
}
