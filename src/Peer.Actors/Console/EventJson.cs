using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>
/// Renders an <see cref="IPeerEvent"/> as one `--json` line. Event and field names are a public
/// contract: add fields freely, never rename.
/// </summary>
public static class EventJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(IPeerEvent e)
    {
        var o = e switch
        {
            RegisteredWithDirectory m => Event("registered", ("uid", m.Uid.Value), ("p2p", m.Listening.ToString()), ("advertised", m.Advertised.ToString())),
            DirectoryUnavailable m => Event("directory-unavailable", ("reason", m.Reason), ("attempt", m.Attempt), ("retryInMs", (long)m.RetryIn.TotalMilliseconds)),
            OnlineListed m => Event("online", ("uids", Array(m.Uids.Select(u => u.Value)))),
            ProposalSent m => Event("proposed", ("conversation", m.Conversation.Hex), ("members", Array(m.Members.Select(u => u.Value)))),
            ProposalArrived m => Event("proposal", ("conversation", m.Conversation.Hex), ("from", m.From.Value), ("members", Array(m.Members.Select(u => u.Value))), ("waiting", m.Waiting)),
            PeerIntroduced m => Event("introduced", ("conversation", m.Conversation.Hex), ("peer", m.Peer.Value), ("dialer", m.Dialer), ("endpoint", m.Endpoint?.ToString() ?? "relay")),
            ConversationConnected m => Event("connected", ("conversation", m.Conversation.Hex), ("peer", m.Peer.Value), ("path", m.Path)),
            MessageSent m => Event("sent", ("conversation", m.Conversation.Hex), ("id", m.Id)),
            MessageReceived m => Message(m),
            MessageDelivered m => Event("delivered", ("conversation", m.Conversation.Hex), ("id", m.Id), ("peer", m.Peer.Value)),
            MessageUndelivered m => Event("undelivered", ("conversation", m.Conversation.Hex), ("id", m.Id), ("peer", m.Peer.Value), ("reason", m.Reason)),
            MessageExpired { Peer: { } peer } m => Event("expired", ("conversation", m.Conversation.Hex), ("id", m.Id), ("peer", peer.Value)),
            MessageExpired m => Event("expired", ("conversation", m.Conversation.Hex), ("id", m.Id)),
            QuitHeld q => Event("quit-held", ("waiting", q.Waiting)),
            MessagePending m => Event("pending", ("conversation", m.Conversation.Hex), ("id", m.Id), ("peer", m.Peer.Value), ("reason", m.Reason)),
            ConversationDeclined m => Event("declined", ("conversation", m.Conversation.Hex), ("by", m.By.Value), ("reason", m.Reason)),
            ProposalTimedOut m => Event("proposal-expired", ("conversation", m.Conversation.Hex)),
            PeerDisconnected m => Event("disconnected", ("conversation", m.Conversation.Hex), ("peer", m.Peer.Value), ("reason", m.Reason)),
            ConversationEnded m => Event("conversation-ended", ("conversation", m.Conversation.Hex), ("reason", m.Reason)),
            SafetyNumberComputed m => Event("safety-number", ("uid", m.Uid.Value), ("number", m.Number)),
            PeerKeyChanged m => Event("key-changed", ("uid", m.Uid.Value)),
            PeerKeyRevoked { Conversation: { } c } m => Event("key-revoked", ("peer", m.Peer.Value), ("serial", m.Serial), ("conversation", c.Hex)),
            PeerKeyRevoked m => Event("key-revoked", ("peer", m.Peer.Value), ("serial", m.Serial)),
            HistoryListed m => Event("history", ("messages", new JsonArray(m.Messages.Select(x => (JsonNode)Message(x)).ToArray()))),
            CommandFailed m => Error(m),
            NodeStopping m => Event("stopping", ("reason", m.Reason)),
            _ => Event("unknown", ("type", e.GetType().Name))
        };
        return o.ToJsonString(Options);
    }

    private static JsonObject Message(MessageReceived m) => Event("message",
        ("conversation", m.Conversation.Hex), ("from", m.From.Value), ("id", m.Id), ("text", m.Text),
        ("sentAt", m.SentAt.ToUnixTimeMilliseconds()));

    // `code` (wire 1.2): why the directory refused, for scripts to branch on; absent on local errors.
    private static JsonObject Error(CommandFailed m)
    {
        var o = Event("error", ("message", m.Message));
        if (m.Command is not null) o["command"] = m.Command;
        if (m.Code is not null) o["code"] = m.Code;
        return o;
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonObject Event(string name, params (string Key, object Value)[] fields)
    {
        var o = new JsonObject { ["event"] = name };
        foreach (var (key, value) in fields)
            o[key] = value switch
            {
                JsonNode node => node,
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                _ => JsonValue.Create(value.ToString())
            };
        return o;
    }
}
