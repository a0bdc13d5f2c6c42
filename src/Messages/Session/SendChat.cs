using System.Text;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Messages.P2P;

namespace Encryptio.Messages.Session;

/// <summary>PeerActor -> SessionActor: seal this chat message for the session's peer (kept until acked).</summary>
public sealed record SendChat(MessageId Id, string Text, DateTimeOffset SentAt, TimeSpan Ttl)
{
    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Id = {Id}, Text = {Redacted.Text(Text)}, SentAt = {SentAt:O}, Ttl = {Ttl}");
        return true;
    }
}
