using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Wire 1.6 (manifest <c>relaynew</c>): both members of a pair asked (<see cref="RequestRelay"/>): a fresh
/// single-use token for their relayed link in <paramref name="Conversation"/>. Both get the same token.
/// Its <see cref="RelayOffer.ToString"/> leaves the token out, so this record's does too.
/// </summary>
public sealed record RelayRenewed(ConversationId Conversation, Uid Peer, RelayOffer Relay) : IDirectoryMessage;
