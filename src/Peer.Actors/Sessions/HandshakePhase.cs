namespace Encryptio.Peer.Sessions;

/// <summary>
/// The points a handshake passes, in order, for the benchmark's breakdown of where the time goes
/// (<see cref="SessionSpec.PhaseObserver"/>). Only the bench observes them.
/// </summary>
internal enum HandshakePhase
{
    DialStarted,
    HelloSent,
    HelloReceived,
    ReplySent,
    ReplyReceived,
    ReadySent,
    ReadyReceived,
    FirstChatOpened,
}
