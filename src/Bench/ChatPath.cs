namespace Encryptio.Bench;

/// <summary>
/// The mailboxes one chat line enters between the sender's ConsoleActor (which has parsed the line)
/// and the receiver's ConsoleActor (which prints it), read off the code path: each entry is one
/// Tell, or one completion Akka.IO posts to its own connection actor. The acks, the link's WriteAck and
/// Akka.IO's SocketSent are not on the way to the reader and are not counted. Keep this list in step
/// with the code: <c>session.hopsPerMessage</c> is its length.
/// </summary>
public static class ChatPath
{
    public static readonly IReadOnlyList<string> Hops =
    [
        "ConsoleActor -> ConversationActor (SendText)",
        "ConversationActor -> SessionActor (SendChat)",
        "SessionActor -> ConnectionActor (SendFrame, sealed)",
        "ConnectionActor -> Akka.IO TcpConnection (Tcp.Write)",
        "socket receive completion -> the receiver's Akka.IO TcpConnection (SocketReceived)",
        "TcpConnection -> ConnectionActor (Tcp.Received)",
        "ConnectionActor -> SessionActor (FrameReceived)",
        "SessionActor -> ConversationActor (ChatArrived, opened)",
        "ConversationActor -> ConsoleActor (MessageReceived)",
    ];
}
