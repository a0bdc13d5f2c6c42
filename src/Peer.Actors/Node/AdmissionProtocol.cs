using System.Collections.Immutable;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Node;

// What the node's admission child (/user/peer/admission) tells the node: the decisions it took on
// what the directory said and the user agreed to. The node carries them out on its conversations.

/// <summary>A member the user agreed to, introduced with a trusted key: its session starts in the conversation.</summary>
/// <param name="Members">The members the user agreed to, self included (for a conversation not started yet).</param>
public sealed record Admitted(SessionSpec Spec, ImmutableArray<Uid> Members);

/// <summary>A member agreed to whose key changed: its introduction waits for /trust, and the conversation knows it.</summary>
public sealed record HeldForTrust(ConversationId Conversation, Uid Peer, ImmutableArray<Uid> Members);

/// <summary>A fresh relay token for a pair introduced here (wire 1.6): the listener meets the dialer with it, the dialer redials with it.</summary>
public sealed record RelayRenewal(RelayRenewed Renewed);

/// <summary>A CA-signed revocation of a key that sessions here use: every session with it ends now.</summary>
public sealed record EndSessionsRevoked(KeyRevoked Notice, string Reason);
