using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Directory;

/// <summary>
/// Wire 1.6 (manifest <c>relayreq</c>): this peer's relayed link with <paramref name="Peer"/> in
/// <paramref name="Conversation"/> is gone and its token was single use; it asks for a fresh one. The
/// directory issues one only when both members of the pair have asked for each other in the same
/// conversation (docs/protocol.md, "Fresh relay tokens"), and answers both with <see cref="RelayRenewed"/>.
/// </summary>
public sealed record RequestRelay(ConversationId Conversation, Uid Peer) : IDirectoryMessage;
