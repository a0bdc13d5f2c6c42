using System.Text;
using System.Collections.Immutable;
using Encryptio.Messages.Identity;

namespace Encryptio.Messages.Peer;

/// <summary>`history`: the unexpired messages (text mode prints them; JSON lists them).</summary>
public sealed record HistoryListed(ImmutableArray<MessageReceived> Messages) : IPeerEvent
{
    // Each message says what it is (its own ToString() redacts its text); the count is enough here.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Messages = <{(Messages.IsDefault ? 0 : Messages.Length)} messages>");
        return true;
    }
}
