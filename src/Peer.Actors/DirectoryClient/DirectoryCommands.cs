using Encryptio.Messages.Directory;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>The directory names its requests by type; the user knows them by their `--json` command names.</summary>
public static class DirectoryCommands
{
    public static string ContractName(string directoryCommand) => directoryCommand switch
    {
        nameof(Propose) => "connect",
        nameof(AcceptProposal) => "accept",
        nameof(DeclineProposal) => "decline",
        nameof(Who) => "who",
        nameof(Unregister) => "quit",
        _ => directoryCommand
    };
}
