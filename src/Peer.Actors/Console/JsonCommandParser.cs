using System.Collections.Immutable;
using System.Text.Json;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>
/// `--json` input: one object per line, `{"cmd": NAME, ...fields}`. The command and field names
/// are a public contract. Anything malformed becomes an error the node reports and survives.
/// </summary>
public static class JsonCommandParser
{
    public const int MaxLineLength = 64 * 1024;

    public static ConsoleInput Parse(string line)
    {
        if (line.Length > MaxLineLength) return new ConsoleInput.Error($"command line longer than {MaxLineLength} characters");
        if (string.IsNullOrWhiteSpace(line)) return new ConsoleInput.Nothing();
        JsonDocument document;
        try { document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 }); }
        catch (JsonException) { return new ConsoleInput.Error("not a JSON object: expected {\"cmd\": ...}"); }
        // A string holding a lone surrogate char cannot be transcoded to UTF-8 (stdin never makes one).
        catch (ArgumentException) { return new ConsoleInput.Error("not valid UTF-16 text"); }
        using (document)
        {
            // System.Text.Json parses a \u escape of a lone UTF-16 surrogate ("\ud800") without
            // complaint, then throws InvalidOperationException when the string, or a property name
            // compared by TryGetProperty, is unescaped. Found by fuzzing (docs/security.md).
            try { return Interpret(document.RootElement); }
            catch (InvalidOperationException) { return new ConsoleInput.Error("a string holds a \\u escape of a lone UTF-16 surrogate"); }
        }
    }

    private static ConsoleInput Interpret(JsonElement root)
    {
        {
            if (root.ValueKind != JsonValueKind.Object) return new ConsoleInput.Error("not a JSON object: expected {\"cmd\": ...}");
            if (!root.TryGetProperty("cmd", out var cmdElement) || cmdElement.ValueKind != JsonValueKind.String)
                return new ConsoleInput.Error("missing string field \"cmd\"");
            var cmd = cmdElement.GetString()!;
            try
            {
                return cmd switch
                {
                    "connect" => new ConsoleInput.Command(new ConnectTo(UidArray(root, "to"))),
                    "accept" => new ConsoleInput.Command(new AcceptConversation(Conversation(root))),
                    "decline" => new ConsoleInput.Command(new DeclineConversation(Conversation(root))),
                    "send" => new ConsoleInput.Command(new SendText(Conversation(root), Text(root, "text"))),
                    "who" => new ConsoleInput.Command(ListOnline.Instance),
                    "quit" => new ConsoleInput.Command(QuitNode.Instance),
                    "leave" => new ConsoleInput.Command(new LeaveConversation(Conversation(root))),
                    "verify" => new ConsoleInput.Command(new VerifyPeer(OneUid(root, "uid"))),
                    "trust" => new ConsoleInput.Command(new TrustPeer(OneUid(root, "uid"))),
                    "ttl" => new ConsoleInput.Command(new SetTtl(Ttl(root, "seconds"))),
                    "history" => new ConsoleInput.Command(new ShowHistory(root.TryGetProperty("conversation", out _) ? Conversation(root) : null)),
                    "help" => new ConsoleInput.Help(),
                    _ => new ConsoleInput.Error($"unknown command \"{Shorten(cmd)}\"", Shorten(cmd))
                };
            }
            catch (FieldException e)
            {
                return new ConsoleInput.Error(e.Message, cmd);
            }
        }
    }

    private sealed class FieldException(string message) : Exception(message);

    private static string String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FieldException($"missing string field \"{name}\"");

    private static MessageTtl Ttl(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds))
            throw new FieldException($"missing integer field \"{name}\"");
        return MessageTtl.TryCreate(seconds, out var ttl, out var error) ? ttl.Value : throw new FieldException(error);
    }

    private static ChatText Text(JsonElement root, string name) =>
        ChatText.TryCreate(String(root, name), out var text, out var error) ? text : throw new FieldException(error);

    private static ConversationId Conversation(JsonElement root) =>
        ConversationId.TryParse(String(root, "conversation"), out var id)
            ? id
            : throw new FieldException("\"conversation\" must be 32 lowercase hex digits");

    private static Uid OneUid(JsonElement root, string name) =>
        Uid.TryParse(String(root, name), out var uid, out var error) ? uid : throw new FieldException(error);

    private static ImmutableArray<Uid> UidArray(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) throw new FieldException($"missing field \"{name}\" (an array of UIDs)");
        if (value.ValueKind == JsonValueKind.String) return [ParseUid(value.GetString())];
        if (value.ValueKind != JsonValueKind.Array) throw new FieldException($"\"{name}\" must be an array of UIDs");
        var uids = value.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? ParseUid(e.GetString()) : throw new FieldException($"\"{name}\" must hold strings"))
            .ToImmutableArray();
        return uids.IsEmpty ? throw new FieldException($"\"{name}\" must name at least one UID") : uids;
    }

    private static Uid ParseUid(string? text) => Uid.TryParse(text, out var uid, out var error) ? uid : throw new FieldException(error);

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
