using System.Text;
using Encryptio.Messages;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Conversations;

/// <summary>One message of a conversation's history, held in memory only until it expires.</summary>
public sealed record ConversationMessage(MessageId Id, Uid From, string Text, DateTimeOffset SentAt, DateTimeOffset ExpiresAt)
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Id = {Id}, From = {From}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}, ExpiresAt = {ExpiresAt:O}");
        return true;
    }
}
