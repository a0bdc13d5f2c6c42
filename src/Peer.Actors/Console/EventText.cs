using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>Renders an <see cref="IPeerEvent"/> for a person at the text console.</summary>
public static class EventText
{
    /// The start of the directory's reason when a proposal names someone who is not online (Proposals.cs).
    private const string NotOnline = "not online: ";

    /// Said once, on the first failure: what a newcomer most likely has to do.
    private const string FirstUnavailableHint =
        "\n  is `encryptio directory` running? On another machine or port, start the peer with --directory HOST:PORT";

    public static string Render(IPeerEvent e) => e switch
    {
        RegisteredWithDirectory m => $"* registered as {m.Uid}; P2P on {m.Listening}" + (m.Advertised == m.Listening ? "" : $" (advertised as {m.Advertised})") + ". Type a UID to start a conversation, /who to see who is online, /help for more.",
        DirectoryUnavailable m => $"* directory unavailable ({m.Reason}); retrying in {m.RetryIn.TotalSeconds:0.#}s"
            + (m.Attempt == 1 ? FirstUnavailableHint : ""),
        OnlineListed m => m.Uids.IsEmpty ? "* nobody is online" : $"* online: {string.Join(", ", m.Uids)}",
        ProposalSent m => $"* proposed conversation {m.Conversation} with {string.Join(", ", m.Members)}; waiting for them to accept",
        ProposalArrived m => $"* {m.From} invites you to a conversation with {string.Join(", ", m.Members)} ({m.Conversation})"
            + (m.Waiting > 0 ? $"; {m.Waiting} message{(m.Waiting == 1 ? "" : "s")} waiting" : "") + ". Press Enter to accept, /decline to refuse.",
        PeerIntroduced m => $"* {m.Peer} is in conversation {m.Conversation}; " + (m.Endpoint is null ? "connecting through the relay" : m.Dialer ? $"connecting to {m.Endpoint}" : "waiting for their link"),
        ConversationConnected m => $"* encrypted link with {m.Peer} is up{(m.Path == "relay" ? " through the relay" : "")} (/verify {m.Peer} to check their key)",
        MessageSent m => "",
        MessageReceived m => $"[{m.SentAt.ToLocalTime():HH:mm:ss}] <{m.From}> {m.Text}",
        MessageDelivered m => $"* delivered to {m.Peer} ({Short(m.Id)})",
        MessageUndelivered m => $"! NOT delivered to {m.Peer} ({Short(m.Id)}): {m.Reason}",
        // Not "erased": the history lets go of the text, but a .NET string cannot be wiped and the
        // terminal keeps what it printed (docs/security.md, "Message expiry").
        MessageExpired { Peer: { } peer } m => $"! expired before reaching {peer} ({Short(m.Id)}): its TTL ended while it waited",
        MessageExpired m => $"* message {Short(m.Id)} expired: dropped from history (freed, not wiped; your screen keeps what it showed)",
        QuitHeld q => $"! {q.Waiting} message(s) still wait for delivery and would be lost: /quit again to quit anyway",
        MessagePending m => $"* waiting for {m.Peer} ({Short(m.Id)}): {m.Reason}; it goes when they are back, within its TTL",
        ConversationDeclined m => $"* {m.By} declined conversation {m.Conversation}: {m.Reason}",
        ProposalTimedOut m => $"* proposal {m.Conversation} expired: not everyone answered in time",
        PeerDisconnected m => $"* link with {m.Peer} lost: {m.Reason}",
        ConversationEnded m => $"* conversation {m.Conversation} ended: {m.Reason}",
        SafetyNumberComputed m => $"* safety number with {m.Uid}: {m.Number}\n  compare it with {m.Uid} in person or by phone; if it differs, someone is in the middle",
        PeerKeyChanged m => $"! {m.Uid}'s identity key CHANGED since you last talked. Sending is blocked. Check /verify {m.Uid} with them, then /trust {m.Uid}.",
        PeerKeyRevoked { Conversation: { } c } m => $"! {m.Peer}'s key was REVOKED by the CA (serial {m.Serial}): the session in conversation {c} was ended and nothing more is sent to that key",
        PeerKeyRevoked m => $"! {m.Peer}'s key was REVOKED by the CA (serial {m.Serial})",
        HistoryListed m => m.Messages.IsEmpty ? "* no unexpired messages" : string.Join('\n', m.Messages.Select(x => Render(x))),
        // The directory's reason stays word for word (scripts match it in --json); a person also gets what to do next.
        CommandFailed { Command: "connect" } m when m.Message.StartsWith(NotOnline, StringComparison.Ordinal) => $"! {m.Message} (see /who for who is online)",
        CommandFailed m => $"! {m.Message}",
        NodeStopping m => $"* stopping: {m.Reason}",
        _ => $"* {e}"
    };

    private static string Short(string id) => id.Length > 8 ? id[..8] : id;
}
