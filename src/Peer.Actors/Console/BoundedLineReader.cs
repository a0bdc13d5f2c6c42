using System.Text;

namespace Encryptio.Peer.Console;

/// <summary>
/// Reads lines of at most <see cref="MaxLength"/> characters: the rest of an over-long line is
/// read and thrown away rather than held in memory, and the caller is told.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    public int MaxLength { get; } = maxLength;

    /// <returns>false at end of input; otherwise a line, or <paramref name="tooLong"/> with no line.</returns>
    public bool TryReadLine(out string? line, out bool tooLong)
    {
        var buffer = new StringBuilder();
        var sawAny = false;
        tooLong = false;
        line = null;
        while (true)
        {
            var c = reader.Read();
            if (c == -1)
            {
                if (!sawAny) return false;
                break;
            }
            sawAny = true;
            if (c == '\n') break;
            if (tooLong) continue;
            if (buffer.Length >= MaxLength) { tooLong = true; buffer.Clear(); continue; }
            buffer.Append((char)c);
        }
        if (!tooLong) line = buffer.ToString().TrimEnd('\r');
        return true;
    }
}
