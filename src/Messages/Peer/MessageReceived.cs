using System.Text;
using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`message`.</summary>
public sealed record MessageReceived(ConversationId Conversation, Uid From, string Id, string Text, DateTimeOffset SentAt) : IPeerEvent
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Conversation = {Conversation}, From = {From}, Id = {Id}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}");
        return true;
    }
}
