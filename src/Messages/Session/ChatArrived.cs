using System.Text;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>SessionActor -> PeerActor: a chat message opened (shown once per id).</summary>
public sealed record ChatArrived(ConversationId Conversation, Uid From, MessageId Id, string Text, DateTimeOffset SentAt, TimeSpan Ttl)
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Conversation = {Conversation}, From = {From}, Id = {Id}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}, Ttl = {Ttl}");
        return true;
    }
}
