using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>
/// `conversation-ended`: nobody else is left in the conversation on this node (they left, or their
/// sessions stopped), so nothing more can be sent to it; the reason is meant for a person.
/// </summary>
public sealed record ConversationEnded(ConversationId Conversation, string Reason) : IPeerEvent;
