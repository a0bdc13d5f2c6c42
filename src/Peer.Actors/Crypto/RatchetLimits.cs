namespace Encryptio.Peer.Crypto;

public static class RatchetLimits
{
    /// Keys one frame may make us skip in a single chain; exactly this many is still allowed.
    public const int MaxSkipPerChain = 1000;

    /// Stored skipped keys over all chains of a link; the oldest go first.
    public const int MaxSkippedKeys = 2000;

    /// Frames that fail to open before the link is given up.
    public const int MaxFailedOpensPerLink = 32;
}
