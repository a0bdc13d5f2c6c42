using Encryptio.Peer.Node;

namespace Encryptio.Peer.Console;

/// <summary>What one line of user input means: a command for the node, a local action, or an error.</summary>
public abstract record ConsoleInput
{
    private ConsoleInput() { }

    public sealed record Command(IPeerCommand Value) : ConsoleInput;
    public sealed record Help : ConsoleInput;
    public sealed record Nothing : ConsoleInput;
    public sealed record Error(string Message, string? CommandName = null) : ConsoleInput;
}
