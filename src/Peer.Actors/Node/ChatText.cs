using System.Diagnostics.CodeAnalysis;
using Encryptio.Messages;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Node;

/// <summary>
/// The text of one chat message, checked once where the user typed it (the console, a --json script,
/// the demo): valid Unicode, at most <see cref="PayloadLimits.MaxTextBytes"/> bytes of UTF-8. Past that
/// edge nothing checks it again. Its <see cref="ToString"/> never shows the text (dead letters print it).
/// </summary>
public sealed class ChatText : IEquatable<ChatText>
{
    private ChatText(string value, int utf8Bytes)
    {
        Value = value;
        Utf8Bytes = utf8Bytes;
    }

    public string Value { get; }

    /// Its size on the wire.
    public int Utf8Bytes { get; }

    public static bool TryCreate(string? text, [NotNullWhen(true)] out ChatText? chatText, [NotNullWhen(false)] out string? error)
    {
        chatText = null;
        if (text is null || !StrictUtf8.TryGetByteCount(text, out var bytes))
        {
            error = "the text is not valid Unicode";
            return false;
        }
        if (bytes > PayloadLimits.MaxTextBytes)
        {
            error = $"a message holds at most {PayloadLimits.MaxTextBytes} bytes of UTF-8 (this one has {bytes})";
            return false;
        }
        chatText = new ChatText(text, bytes);
        error = null;
        return true;
    }

    /// <summary>For text known to be good (tests, the demo); anything else is an <see cref="ArgumentException"/>.</summary>
    public static ChatText From(string text) =>
        TryCreate(text, out var chatText, out var error) ? chatText : throw new ArgumentException(error, nameof(text));

    public bool Equals(ChatText? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ChatText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Redacted.Text(Value);
}
