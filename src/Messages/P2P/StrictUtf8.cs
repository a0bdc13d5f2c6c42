using System.Text;
using System.Text.Unicode;

namespace Encryptio.Messages.P2P;

/// <summary>
/// The one UTF-8 of the wire: it refuses invalid bytes (and strings holding a lone surrogate) instead
/// of replacing them (Encoding.UTF8 would silently turn them into U+FFFD and two peers would disagree
/// about the text). Every text that is checked, sized or decoded for the wire goes through here.
/// </summary>
public static class StrictUtf8
{
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// Validates first so hostile bytes never reach a throwing decoder.
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string value)
    {
        value = string.Empty;
        if (!Utf8.IsValid(bytes)) return false;
        value = Encoding.GetString(bytes);
        return true;
    }

    /// The bytes <paramref name="text"/> takes on the wire; false when it is not valid Unicode (a lone surrogate).
    public static bool TryGetByteCount(string text, out int bytes)
    {
        try
        {
            bytes = Encoding.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            bytes = 0;
            return false;
        }
    }
}
