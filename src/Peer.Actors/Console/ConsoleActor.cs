using Akka.Actor;
using Akka.Event;
using Encryptio.Messages;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>
/// The user's side of a peer node (/user/peer/console): reads lines from its input on a thread of
/// its own, turns them into commands for the node, and prints every event, as text or as one JSON
/// object per line. Standard output carries only the conversation; logs go to standard error.
/// A line for a conversation the console has seen connect goes straight to that conversation's actor
/// (the sender of its `connected` event), stamped with the TTL the user set: the node does not route
/// every chat line.
/// </summary>
public sealed class ConsoleActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _node;
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly bool _json;
    private readonly ConversationFocus _focus = new();
    private readonly Dictionary<ConversationId, IActorRef> _conversations = new();
    // The TTL the user set here (/ttl); null: the node's.
    private MessageTtl? _ttl;
    // What /quit asks for: at first to quit if nothing waits; once the node said what would be lost, to quit.
    private QuitNode _quit = QuitNode.AskFirst;

    public static Props Props(IActorRef node, TextReader input, TextWriter output, bool json) =>
        Akka.Actor.Props.Create(() => new ConsoleActor(node, input, output, json));

    public ConsoleActor(IActorRef node, TextReader input, TextWriter output, bool json)
    {
        _node = node;
        _input = input;
        _output = output;
        _json = json;
        Receive<InputLine>(OnLine);
        Receive<InputClosed>(_ => _node.Tell(QuitNode.Instance));
        Receive<InputTooLong>(_ => OnEvent(new CommandFailed($"input line longer than {JsonCommandParser.MaxLineLength} characters was ignored")));
        Receive<IPeerEvent>(OnEvent);
    }

    private sealed record InputLine(string Text)
    {
        // A typed line is chat text; should it land in dead letters, the log sees only its size.
        private bool PrintMembers(System.Text.StringBuilder builder)
        {
            builder.Append($"Text = {Redacted.Text(Text)}");
            return true;
        }
    }
    private sealed record InputClosed;
    private sealed record InputTooLong;

    protected override void PreStart()
    {
        var self = Self;
        var reader = new Thread(() =>
        {
            try
            {
                if (ReferenceEquals(_input, System.Console.In) && !System.Console.IsInputRedirected)
                {
                    // A person at a terminal: .NET's terminal reader only hands out whole lines, and
                    // the terminal's own line discipline bounds their length.
                    while (_input.ReadLine() is { } typed)
                        self.Tell(typed.Length > JsonCommandParser.MaxLineLength ? new InputTooLong() : new InputLine(typed));
                }
                else
                {
                    var lines = new BoundedLineReader(_input, JsonCommandParser.MaxLineLength);
                    while (lines.TryReadLine(out var line, out var tooLong))
                        self.Tell(tooLong ? new InputTooLong() : new InputLine(line!));
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            self.Tell(new InputClosed());
        }) { IsBackground = true, Name = "console-input" };
        reader.Start();
        if (!_json) Print("Encryptio: connecting to the directory... (/help for commands)");
    }

    private void OnLine(InputLine line)
    {
        var input = _json ? JsonCommandParser.Parse(line.Text) : TextCommandParser.Parse(line.Text, _focus.Active, _focus.Pending);
        switch (input)
        {
            case ConsoleInput.Command { Value: var command }:
                var moved = _focus.Issued(command);
                Carry(command);
                if (!_json && moved is not null) Print(moved);
                break;
            case ConsoleInput.Help:
                Print(_json ? EventJson.Render(new CommandFailed(TextCommandParser.HelpText, "help")) : TextCommandParser.HelpText);
                break;
            case ConsoleInput.Error error:
                // The user sees the message; the log gets only which command it was, since a refused
                // line may be chat text typed before a conversation was open.
                _log.Info("console input refused ({0})", error.CommandName ?? "not a command");
                OnEvent(new CommandFailed(error.Message, error.CommandName));
                break;
        }
    }

    private void Carry(IPeerCommand command)
    {
        if (command is SetTtl set) _ttl = set.Ttl;
        if (command is QuitNode { Confirmed: false }) command = _quit;
        if (command is not SendText send)
        {
            _node.Tell(command);
            return;
        }
        send = send with { Ttl = send.Ttl ?? _ttl };
        if (_conversations.TryGetValue(send.Conversation, out var conversation)) conversation.Tell(send);
        else _node.Tell(send);
    }

    private void OnEvent(IPeerEvent e)
    {
        switch (e)
        {
            // Published by the conversation itself (the node publishes only what it says).
            case ConversationConnected connected when !Sender.IsNobody() && !Sender.Equals(_node):
                _conversations[connected.Conversation] = Sender;
                break;
            case ConversationEnded ended:
                _conversations.Remove(ended.Conversation);
                break;
            case QuitHeld:
                _quit = QuitNode.Instance;
                break;
        }
        var moved = _focus.Observe(e);
        Print(_json ? EventJson.Render(e) : EventText.Render(e));
        // The JSON console names the conversation in every command: it has no focus to report.
        if (!_json && moved is not null) Print(moved);
    }

    private void Print(string text)
    {
        if (text.Length == 0) return;
        _output.WriteLine(text);
        _output.Flush();
    }
}
