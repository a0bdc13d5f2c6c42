using System.Text;

namespace Encryptio.Messages;

/// <summary>
/// What a record holding chat text prints in place of the text. Akka's dead-letter log, an unhandled
/// message or a debugger's watch window all show a message's ToString(), so every record that carries
/// text overrides PrintMembers with this: the size is useful when diagnosing, the words never are.
/// </summary>
public static class Redacted
{
    public static string Text(string? text) =>
        text is null ? "null" : $"<redacted {Encoding.UTF8.GetByteCount(text)} bytes>";
}
