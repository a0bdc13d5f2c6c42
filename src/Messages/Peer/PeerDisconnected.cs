using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`disconnected`.</summary>
public sealed record PeerDisconnected(ConversationId Conversation, Uid Peer, string Reason) : IPeerEvent;
