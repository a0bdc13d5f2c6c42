using System.Diagnostics;
using Akka.Actor;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Bench;

/// <summary>
/// Types a batch of chats into a conversation, as the console does (a SendText each, straight to the
/// conversation actor), keeping <see cref="Run.Window"/> not yet delivered, and answers
/// <see cref="Finished"/> with the time from the first line to the last `delivered`.
/// </summary>
public sealed class ChatDriver : ReceiveActor
{
    public sealed record Run(IActorRef Conversation, ConversationId Id, IReadOnlyList<SendChat> Chats, int Window);

    public sealed record Finished(double Micros);

    private IActorRef _asker = ActorRefs.Nobody;
    private Run? _run;
    private int _sent;
    private int _acked;
    private long _start;

    public static Props Props() => Akka.Actor.Props.Create(() => new ChatDriver());

    private void Type(SendChat chat) => _run!.Conversation.Tell(new SendText(_run.Id, chat.Text, chat.Ttl));

    public ChatDriver()
    {
        Receive<Run>(run =>
        {
            _asker = Sender;
            _run = run;
            _sent = 0;
            _acked = 0;
            _start = Stopwatch.GetTimestamp();
            while (_sent < run.Chats.Count && _sent < run.Window) Type(run.Chats[_sent++]);
        });
        Receive<MessageDelivered>(_ =>
        {
            if (_run is null) return;
            _acked++;
            if (_sent < _run.Chats.Count) Type(_run.Chats[_sent++]);
            if (_acked == _run.Chats.Count)
            {
                _asker.Tell(new Finished(Stopwatch.GetElapsedTime(_start).TotalMicroseconds));
                _run = null;
            }
        });
        Receive<MessageUndelivered>(failed => throw new InvalidOperationException($"a bench chat was not delivered: {failed.Reason}"));
        ReceiveAny(_ => { });
    }
}
