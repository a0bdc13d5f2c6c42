using System.Text;
using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`send`: a chat message to every member of a conversation.</summary>
public sealed record SendText(ConversationId Conversation, string Text) : IPeerCommand
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Conversation = {Conversation}, Text = {Redacted.Text(Text)}");
        return true;
    }
}
