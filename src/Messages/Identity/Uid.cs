using System.Diagnostics.CodeAnalysis;

namespace Encryptio.Messages.Identity;

/// <summary>
/// A user id: 1-32 characters of a-z 0-9 _ -, starting with a letter. Validated once, here,
/// so no other code ever sees a malformed one. Ordering is ordinal (it decides who dials).
/// </summary>
public sealed record Uid : IComparable<Uid>
{
    public const int MaxLength = 32;

    public string Value { get; }

    private Uid(string value) => Value = value;

    public static bool TryParse(string? text, [NotNullWhen(true)] out Uid? uid, out string error)
    {
        uid = null;
        if (string.IsNullOrEmpty(text)) { error = "a UID must not be empty"; return false; }
        if (text.Length > MaxLength) { error = $"UID '{Shorten(text)}' is longer than {MaxLength} characters"; return false; }
        if (text[0] is < 'a' or > 'z') { error = $"UID '{Shorten(text)}' must start with a lowercase letter a-z"; return false; }
        foreach (var c in text)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-') continue;
            error = $"UID '{Shorten(text)}' may only contain a-z, 0-9, '_' and '-'";
            return false;
        }
        uid = new Uid(text);
        error = "";
        return true;
    }

    public static Uid Parse(string text) =>
        TryParse(text, out var uid, out var error) ? uid : throw new FormatException(error);

    public int CompareTo(Uid? other) => string.CompareOrdinal(Value, other?.Value);

    public override string ToString() => Value;

    // Never echo an attacker's megabyte back into a log line.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
