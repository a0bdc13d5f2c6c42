using System.Diagnostics.CodeAnalysis;

namespace Encryptio.Peer.Node;

/// <summary>
/// When a peer's links go through the directory's relay (`--relay`, HOCON `encryptio.peer.relay`;
/// docs/protocol.md, "Relay").
/// </summary>
public enum RelayMode
{
    /// Direct links only.
    Never,
    /// Direct first; the relay when the dial fails or does not connect in time (the default).
    Fallback,
    /// Only the relay: this peer registers no address of its own, and pairs with it learn none.
    Always,
}

public static class RelayModes
{
    public static bool TryParse(string? text, out RelayMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "never": mode = RelayMode.Never; return true;
            case "fallback": mode = RelayMode.Fallback; return true;
            case "always": mode = RelayMode.Always; return true;
            default: mode = RelayMode.Fallback; return false;
        }
    }

    public static string Name(RelayMode mode) => mode.ToString().ToLowerInvariant();
}
