using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Encryptio.Messages.Identity;

/// <summary>A conversation id: 16 random bytes drawn by the directory, shown as lowercase hex.</summary>
public sealed record ConversationId
{
    public const int Size = 16;

    /// <summary>Lowercase hex: equality is by value, unlike a byte array.</summary>
    public string Hex { get; }

    private ConversationId(string hex) => Hex = hex;

    public static ConversationId New() => FromBytes(RandomNumberGenerator.GetBytes(Size));

    public static ConversationId FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size
            ? new ConversationId(Convert.ToHexStringLower(bytes))
            : throw new FormatException($"a conversation id has {Size} bytes, not {bytes.Length}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out ConversationId? id)
    {
        id = null;
        if (text is null || text.Length != Size * 2) return false;
        foreach (var c in text)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        id = new ConversationId(text);
        return true;
    }

    public byte[] ToBytes() => Convert.FromHexString(Hex);

    public override string ToString() => Hex;
}
