using Encryptio.Peer.Node;
using Akka.Actor;
using Encryptio.Messages.P2P;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>Bob's side of the ping-pong: answers every chat that opens with a chat of the same text.</summary>
public sealed class Echo : ReceiveActor
{
    public static Props Props(IActorRef session) => Akka.Actor.Props.Create(() => new Echo(session));

    public Echo(IActorRef session)
    {
        var counter = 0L;
        Receive<ChatArrived>(chat =>
        {
            Span<byte> id = stackalloc byte[MessageId.Length];
            BitConverter.TryWriteBytes(id, -1L);
            BitConverter.TryWriteBytes(id[8..], ++counter);
            session.Tell(new SendChat(MessageId.FromBytes(id), ChatText.From(chat.Text), chat.SentAt, MessageTtl.From(chat.Ttl)));
        });
        ReceiveAny(_ => { });
    }
}
