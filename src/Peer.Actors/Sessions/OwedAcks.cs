using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Sessions;

/// <summary>
/// The chats a session opened on its current link and has not acked yet. The first one owed asks for
/// a flush through the session's own mailbox, so frames already queued there share one Ack. Not an
/// actor: the session calls it on its own thread.
/// </summary>
internal sealed class OwedAcks
{
    private readonly List<MessageId> _ids = new();

    /// True when this is the first Ack owed since the last flush: the session should queue one.
    public bool Owe(MessageId id)
    {
        _ids.Add(id);
        return _ids.Count == 1;
    }

    public void SendOn(SecureLink link)
    {
        foreach (var batch in _ids.Chunk(PayloadLimits.MaxAckIds))
            link.Send(new AckPayload(batch));
        _ids.Clear();
    }

    /// The link they were owed on is gone: the peer resends, and we ack then.
    public void Clear() => _ids.Clear();
}
