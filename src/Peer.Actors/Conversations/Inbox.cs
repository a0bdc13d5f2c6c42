using Akka.Event;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>
/// What the members send, on its way to the user: each message shown once across links and sessions
/// (a resend after a lost Ack is acked by its session but not shown again), never once its TTL has
/// passed, and kept in the history until it expires. Not an actor: it works during its conversation's turn.
/// </summary>
internal sealed class Inbox(ConversationId conversation, SeenIds seen, ExpirySweep expiry, EventSink events, TimeSpan clockSkew, ILoggingAdapter log)
{
    public void Arrived(ChatArrived chat)
    {
        if (!seen.FirstSighting(chat.Id)) return;
        // Its sender stopped trying when its TTL ended; a frame that comes later (it waited in a
        // buffer, a relay, a link that was down) is never shown. Clocks may disagree a little.
        if (chat.SentAt + chat.Ttl + clockSkew < DateTimeOffset.UtcNow)
        {
            log.Info("a message from {0} arrived after its TTL ended; not shown", chat.From);
            return;
        }
        // The TTL runs from receipt: the peers' clocks are not trusted.
        expiry.Remember(new ConversationMessage(chat.Id, chat.From, chat.Text, chat.SentAt, DateTimeOffset.UtcNow + chat.Ttl));
        events.Publish(new MessageReceived(conversation, chat.From, chat.Id.ToString(), chat.Text, chat.SentAt));
    }
}
