using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`introduced`: the directory introduced a member of a conversation.</summary>
public sealed record PeerIntroduced(ConversationId Conversation, Uid Peer, bool Dialer, PeerEndpoint Endpoint) : IPeerEvent;
