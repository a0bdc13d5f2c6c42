namespace Encryptio.Messages.P2P;

/// Acknowledges received chats. Body: u16 count | count x id[16].
public sealed record AckPayload(IReadOnlyList<MessageId> Ids) : IPayload
{
    public PayloadKind Kind => PayloadKind.Ack;

    /// Value equality over the ids, so two decodes of the same bytes compare equal.
    public bool Equals(AckPayload? other) =>
        other is not null && (ReferenceEquals(Ids, other.Ids) || Ids.SequenceEqual(other.Ids));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in Ids) hash.Add(id);
        return hash.ToHashCode();
    }
}
