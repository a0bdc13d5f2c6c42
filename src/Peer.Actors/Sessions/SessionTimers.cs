namespace Encryptio.Peer.Sessions;

// What a session tells itself (through its timers or its own mailbox). Never sent by anyone else.

/// The link in hand did not finish its handshake in time.
internal sealed class HandshakeTimedOut
{
    public static readonly HandshakeTimedOut Instance = new();
}

/// A listener's newer link did not send its Ready in time.
internal sealed class CandidateTimedOut
{
    public static readonly CandidateTimedOut Instance = new();
}

/// Chat frames already in the mailbox when the first was opened share one Ack, sent after them.
internal sealed class FlushAcks
{
    public static readonly FlushAcks Instance = new();
}

/// After our Bye, the peer's end of stream did not come in time.
internal sealed class ByeLingerOver
{
    public static readonly ByeLingerOver Instance = new();
}
