using System.Text;
using System.Text.Unicode;

namespace Encryptio.Messages.P2P;

/// UTF-8 that refuses invalid bytes instead of replacing them (Encoding.UTF8 would silently
/// turn them into U+FFFD and two peers would disagree about the text).
internal static class StrictUtf8
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
}
