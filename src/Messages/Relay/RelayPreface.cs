using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Encryptio.Messages.Relay;

/// <summary>
/// Why a relay refused a connection (docs/protocol.md, "Relay"). The numbers are on the wire: never
/// renumber, only add. A peer that reads a code it does not know treats it as a refusal all the same.
/// </summary>
public enum RelayRefusal : byte
{
    /// Not a refusal: the two ends are spliced, relayed bytes follow.
    None = 0,
    /// Not the 22-byte request (wrong magic or token length), or it did not arrive in time.
    BadPreface = 1,
    /// The request's version is one this relay does not speak.
    Version = 2,
    /// No such token: never issued, expired, or already used by both ends.
    TokenUnknown = 3,
    /// The token was issued for two other UIDs, or this UID already presented it.
    TokenNotYours = 4,
    /// This UID already has as many relayed pairs as the relay allows one user.
    UidLimit = 5,
    /// The relay carries as many pairs as it allows in all.
    NodeLimit = 6,
    /// The other member did not come within the token's lifetime.
    PartnerTimeout = 7,
    /// The relay is stopping.
    ShuttingDown = 8,
}

/// <summary>One relay answer: <see cref="RelayRefusal.None"/> (spliced) or a refusal with its one-line reason (the wire's "text").</summary>
public sealed record RelayAnswer(RelayRefusal Code, string Reason)
{
    public static readonly RelayAnswer Spliced = new(RelayRefusal.None, "");

    public bool IsSpliced => Code == RelayRefusal.None;

    /// The name a log line or a `relay-refused` reason shows: `token-unknown`, `uid-limit`, ... (unknown codes as `code-N`).
    public string CodeName => RelayPreface.NameOf(Code);
}

/// <summary>
/// The relay preface (docs/protocol.md, section "Relay"): what a peer sends the relay once TLS is up,
/// and the relay's one answer. Pure and allocation-light, so it is unit-tested and fuzzed (tests/Fuzz,
/// target <c>relay</c>) without a socket. After an OK answer neither side parses anything: the bytes
/// are the two peers' own P2P frames.
/// <code>
/// request = "ERLY" | u8 version(1) | u8 tokenLength(16) | token[16]            (exactly 22 bytes)
/// answer  = "ERLY" | u8 version(1) | u8 code | u8 textLength | text (UTF-8, at most 200 bytes)
/// </code>
/// </summary>
public static class RelayPreface
{
    public const byte Version = 1;
    public const int TokenSize = 16;
    public const int RequestSize = 4 + 1 + 1 + TokenSize;
    public const int AnswerHeaderSize = 4 + 1 + 1 + 1;
    public const int MaxTextBytes = 200;
    public const int MaxAnswerSize = AnswerHeaderSize + MaxTextBytes;

    /// How long a connection may take from TCP accept to a complete request (TLS handshake included).
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static ReadOnlySpan<byte> Magic => "ERLY"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// A fresh random token (128 bits from the OS CSPRNG).
    public static ImmutableArray<byte> NewToken() => ImmutableArray.Create(RandomNumberGenerator.GetBytes(TokenSize));

    public static byte[] EncodeRequest(ReadOnlySpan<byte> token)
    {
        if (token.Length != TokenSize) throw new ArgumentException($"a relay token is {TokenSize} bytes", nameof(token));
        var bytes = new byte[RequestSize];
        Magic.CopyTo(bytes);
        bytes[4] = Version;
        bytes[5] = TokenSize;
        token.CopyTo(bytes.AsSpan(6));
        return bytes;
    }

    /// <summary>
    /// Reads a complete request (exactly <see cref="RequestSize"/> bytes). On refusal, <paramref name="refusal"/>
    /// is the code to answer with and <paramref name="reason"/> a one-line reason; the token is null.
    /// </summary>
    public static bool TryParseRequest(ReadOnlySpan<byte> request, out byte[]? token, out RelayRefusal refusal, out string? reason)
    {
        token = null;
        refusal = RelayRefusal.BadPreface;
        if (request.Length < 4 || !request[..4].SequenceEqual(Magic))
        {
            reason = "not a relay request (no ERLY magic)";
            return false;
        }
        if (request.Length < 5)
        {
            reason = "request cut short";
            return false;
        }
        if (request[4] != Version)
        {
            refusal = RelayRefusal.Version;
            reason = $"relay protocol version {request[4]} is not supported; this relay speaks {Version}";
            return false;
        }
        if (request.Length != RequestSize || request[5] != TokenSize)
        {
            reason = $"a version {Version} request is {RequestSize} bytes with a {TokenSize}-byte token";
            return false;
        }
        token = request[6..].ToArray();
        refusal = RelayRefusal.None;
        reason = null;
        return true;
    }

    public static byte[] EncodeAnswer(RelayAnswer answer)
    {
        var text = Truncate(answer.Reason);
        var bytes = new byte[AnswerHeaderSize + text.Length];
        Magic.CopyTo(bytes);
        bytes[4] = Version;
        bytes[5] = (byte)answer.Code;
        bytes[6] = (byte)text.Length;
        text.CopyTo(bytes.AsSpan(AnswerHeaderSize));
        return bytes;
    }

    /// <summary>
    /// Reads the relay's answer from the start of <paramref name="buffer"/>. False with a null
    /// <paramref name="error"/>: more bytes are needed. False with an error: not a relay answer (close).
    /// True: <paramref name="consumed"/> bytes were the answer; anything after them is already relayed data.
    /// </summary>
    public static bool TryParseAnswer(ReadOnlySpan<byte> buffer, out RelayAnswer? answer, out int consumed, out string? error)
    {
        answer = null;
        consumed = 0;
        error = null;
        var magicSeen = Math.Min(buffer.Length, 4);
        if (!buffer[..magicSeen].SequenceEqual(Magic[..magicSeen]))
        {
            error = "the relay did not answer with the relay preface";
            return false;
        }
        if (buffer.Length < AnswerHeaderSize) return false;
        if (buffer[4] != Version)
        {
            error = $"the relay answered in version {buffer[4]}, not {Version}";
            return false;
        }
        var code = (RelayRefusal)buffer[5];
        var length = buffer[6];
        if (length > MaxTextBytes)
        {
            error = $"relay answer text of {length} bytes is over {MaxTextBytes}";
            return false;
        }
        if (code == RelayRefusal.None && length != 0)
        {
            error = "an OK relay answer carries no text";
            return false;
        }
        if (buffer.Length < AnswerHeaderSize + length) return false;
        string text;
        try { text = StrictUtf8.GetString(buffer.Slice(AnswerHeaderSize, length)); }
        catch (DecoderFallbackException)
        {
            error = "relay answer text is not UTF-8";
            return false;
        }
        if (text.Any(char.IsControl))
        {
            error = "relay answer text holds control characters";
            return false;
        }
        answer = code == RelayRefusal.None ? RelayAnswer.Spliced : new RelayAnswer(code, text);
        consumed = AnswerHeaderSize + length;
        return true;
    }

    public static string NameOf(RelayRefusal code) => code switch
    {
        RelayRefusal.None => "ok",
        RelayRefusal.BadPreface => "bad-preface",
        RelayRefusal.Version => "version",
        RelayRefusal.TokenUnknown => "token-unknown",
        RelayRefusal.TokenNotYours => "token-not-yours",
        RelayRefusal.UidLimit => "uid-limit",
        RelayRefusal.NodeLimit => "node-limit",
        RelayRefusal.PartnerTimeout => "partner-timeout",
        RelayRefusal.ShuttingDown => "shutting-down",
        _ => $"code-{(byte)code}",
    };

    /// At most <see cref="MaxTextBytes"/> of UTF-8, cut on a character boundary, control characters replaced.
    private static byte[] Truncate(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        var bytes = Encoding.UTF8.GetBytes(clean);
        if (bytes.Length <= MaxTextBytes) return bytes;
        var cut = MaxTextBytes;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) cut--;
        return bytes[..cut];
    }
}
