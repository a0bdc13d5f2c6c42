using System.Text;

namespace Encryptio.Messages.P2P;

/// A chat message. Body: id[16] | i64 sentAt (unix ms) | u32 ttl (s) | u32 n | n bytes UTF-8.
public sealed record ChatPayload(MessageId Id, long SentAtUnixMs, uint TtlSeconds, string Text) : IPayload
{
    public PayloadKind Kind => PayloadKind.Chat;

    // The text never reaches a log through ToString() (dead letters print it): only its size does.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Id = {Id}, SentAtUnixMs = {SentAtUnixMs}, TtlSeconds = {TtlSeconds}, Text = {Redacted.Text(Text)}, Kind = {Kind}");
        return true;
    }
}
