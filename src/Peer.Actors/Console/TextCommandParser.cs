using System.Collections.Immutable;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>
/// The text console, as in the original: a bare UID proposes a conversation, Enter accepts the
/// pending proposal, any other line is a message to the active conversation, and `/command`s
/// do the rest.
/// </summary>
public static class TextCommandParser
{
    public const string HelpText = """
        Commands:
          UID                     propose a conversation with UID (when none is active)
          /connect UID [UID...]   propose a conversation (a group with several UIDs)
          Enter or /accept        accept the pending proposal;  /decline  refuse it
          /who                    who is online
          /verify UID             safety number to compare with UID out of band
          /trust UID              accept UID's changed key after /verify
          /ttl SECONDS            lifetime of the messages you send from now on
          /history                unexpired messages of the active conversation
          /leave                  leave the active conversation
          /quit                   unregister and exit
          any other line          a message to the active conversation
        """;

    // Not echoed: the line is most likely a message typed before any conversation was open, and this
    // error is printed and may pass through Akka's dead letters.
    private const string NotAUid =
        "no active conversation; type a UID to propose one (1-32 characters of a-z 0-9 _ -, starting with a letter); that line was not sent";

    public static ConsoleInput Parse(string line, ConversationId? active, ConversationId? pending)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
            return pending is null ? new ConsoleInput.Nothing() : Command(new AcceptConversation(pending));
        if (!trimmed.StartsWith('/'))
        {
            if (active is not null)
                return ChatText.TryCreate(line, out var text, out var textError)
                    ? Command(new SendText(active, text))
                    : new ConsoleInput.Error($"{textError}; that line was not sent", "send");
            return Uid.TryParse(trimmed, out var uid, out _)
                ? Command(new ConnectTo([uid]))
                : new ConsoleInput.Error(NotAUid);
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words[0][1..].ToLowerInvariant();
        var args = words.Skip(1).ToArray();
        return verb switch
        {
            "connect" => Uids(args, "connect") is { } uids ? uids.Length == 0
                ? new ConsoleInput.Error("usage: /connect UID [UID...]", "connect")
                : Command(new ConnectTo(uids)) : UidError(args, "connect"),
            "accept" => pending is null ? new ConsoleInput.Error("no pending proposal to accept", "accept") : Command(new AcceptConversation(pending)),
            "decline" => pending is null ? new ConsoleInput.Error("no pending proposal to decline", "decline") : Command(new DeclineConversation(pending)),
            "who" => Command(ListOnline.Instance),
            "verify" => OneUid(args, "verify", uid => new VerifyPeer(uid)),
            "trust" => OneUid(args, "trust", uid => new TrustPeer(uid)),
            "ttl" => args.Length == 1 && long.TryParse(args[0], out var seconds)
                ? MessageTtl.TryCreate(seconds, out var ttl, out var ttlError) ? Command(new SetTtl(ttl.Value)) : new ConsoleInput.Error(ttlError, "ttl")
                : new ConsoleInput.Error("usage: /ttl SECONDS", "ttl"),
            "history" => Command(new ShowHistory(active)),
            "leave" => active is null ? new ConsoleInput.Error("no active conversation to leave", "leave") : Command(new LeaveConversation(active)),
            "quit" or "exit" => Command(QuitNode.AskFirst),
            "help" or "?" => new ConsoleInput.Help(),
            _ => new ConsoleInput.Error($"unknown command /{verb}; /help lists them")
        };
    }

    private static ConsoleInput Command(IPeerCommand command) => new ConsoleInput.Command(command);

    private static ImmutableArray<Uid>? Uids(string[] args, string command)
    {
        var builder = ImmutableArray.CreateBuilder<Uid>();
        foreach (var arg in args)
        {
            if (!Uid.TryParse(arg, out var uid, out _)) return null;
            builder.Add(uid);
        }
        return builder.ToImmutable();
    }

    private static ConsoleInput UidError(string[] args, string command)
    {
        foreach (var arg in args)
            if (!Uid.TryParse(arg, out _, out var error)) return new ConsoleInput.Error(error, command);
        return new ConsoleInput.Error($"usage: /{command} UID", command);
    }

    private static ConsoleInput OneUid(string[] args, string command, Func<Uid, IPeerCommand> make)
    {
        if (args.Length != 1) return new ConsoleInput.Error($"usage: /{command} UID", command);
        return Uid.TryParse(args[0], out var uid, out var error) ? Command(make(uid)) : new ConsoleInput.Error(error, command);
    }
}
