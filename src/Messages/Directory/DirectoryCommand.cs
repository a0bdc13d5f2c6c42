using System.Runtime.Serialization;

namespace Encryptio.Messages.Directory;

/// <summary>
/// The request a directory refused, named as the user knows it: the wire form is the public `--json`
/// command name (connect, accept, decline, who, quit), plus register and proof for the registration
/// steps. A struct around the name rather than an enum so a peer of this build still shows a command
/// a newer directory names (wire 1.2).
/// </summary>
public readonly record struct DirectoryCommand
{
    public const int MaxLength = 32;

    public static readonly DirectoryCommand Register = new("register");
    public static readonly DirectoryCommand Proof = new("proof");
    public static readonly DirectoryCommand Who = new("who");
    public static readonly DirectoryCommand Connect = new("connect");
    public static readonly DirectoryCommand Accept = new("accept");
    public static readonly DirectoryCommand Decline = new("decline");
    public static readonly DirectoryCommand Quit = new("quit");
    /// <summary>Wire 1.4: <see cref="WatchPresence"/>, sent by the node itself (no user command).</summary>
    public static readonly DirectoryCommand Watch = new("watch");
    /// <summary>A fresh relay token for a pair whose relayed link was lost (wire 1.6; no `--json` command, the session asks).</summary>
    public static readonly DirectoryCommand Relay = new("relay");
    /// <summary>A message that is no request (or a legacy name this build does not know).</summary>
    public static readonly DirectoryCommand Unknown = new("unknown");

    private readonly string? _name;

    private DirectoryCommand(string name) => _name = name;

    public string Name => _name ?? Unknown._name!;

    /// <summary>The request a message is, by its type.</summary>
    public static DirectoryCommand Of(object message) => message switch
    {
        Directory.Register => Register,
        AuthProof => Proof,
        Directory.Who => Who,
        Propose => Connect,
        AcceptProposal => Accept,
        DeclineProposal => Decline,
        Unregister => Quit,
        WatchPresence => Watch,
        Directory.RequestRelay => Relay,
        _ => Unknown
    };

    /// <summary>The wire form; a name that is not lower-case letters, digits and '-' is malformed.</summary>
    public static DirectoryCommand FromWire(string name) =>
        WireName.IsValid(name, MaxLength) ? new DirectoryCommand(name) : throw new SerializationException("malformed command name");

    /// <summary>Wire 1.0 named the refused request by its C# type name.</summary>
    public static DirectoryCommand FromLegacyTypeName(string typeName) => typeName switch
    {
        nameof(Directory.Register) => Register,
        nameof(AuthProof) => Proof,
        nameof(Directory.Who) => Who,
        nameof(Propose) => Connect,
        nameof(AcceptProposal) => Accept,
        nameof(DeclineProposal) => Decline,
        nameof(Unregister) => Quit,
        _ => Unknown
    };

    public override string ToString() => Name;
}
