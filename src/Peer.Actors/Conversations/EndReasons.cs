using Encryptio.Messages.Identity;
using Encryptio.Peer.Sessions;

namespace Encryptio.Peer.Conversations;

/// <summary>Why nobody else is left in a conversation, in the user's words rather than the session's.</summary>
public static class EndReasons
{
    /// <summary>What a session is told when the user leaves; its end then reads "you left".</summary>
    public const string YouLeft = "you left the conversation";

    /// <param name="lastPeer">The member whose session stopped last; null when the user left with no session running.</param>
    /// <param name="sessionEnd">Why that session said it ended; null when it was stopped without a word (it failed).</param>
    public static string Why(Conversation conversation, Uid self, Uid? lastPeer, string? sessionEnd) => sessionEnd switch
    {
        YouLeft => "you left",
        SessionActor.PeerLeftReason when conversation.Members.Count(m => m != self) > 1 => "everyone else left",
        SessionActor.PeerLeftReason => $"{lastPeer} left",
        null => $"the session with {lastPeer} failed",
        _ => $"the session with {lastPeer} ended: {sessionEnd}"
    };
}
