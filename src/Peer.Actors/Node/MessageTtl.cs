using System.Diagnostics.CodeAnalysis;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Node;

/// <summary>
/// How long a message lives (on both ends, then it is erased): whole seconds within the protocol's
/// range (<see cref="PayloadLimits.MinTtlSeconds"/> to <see cref="PayloadLimits.MaxTtlSeconds"/>),
/// checked once where the user set it (`/ttl`, `{"cmd":"ttl"}`, the node's `message-ttl`).
/// </summary>
public readonly record struct MessageTtl
{
    private MessageTtl(uint seconds) => Seconds = seconds;

    public uint Seconds { get; }

    public TimeSpan Span => TimeSpan.FromSeconds(Seconds);

    public static string Range => $"a TTL is {PayloadLimits.MinTtlSeconds} to {PayloadLimits.MaxTtlSeconds} seconds";

    public static bool TryCreate(long seconds, [NotNullWhen(true)] out MessageTtl? ttl, [NotNullWhen(false)] out string? error)
    {
        if (seconds < PayloadLimits.MinTtlSeconds || seconds > PayloadLimits.MaxTtlSeconds)
        {
            ttl = null;
            error = Range;
            return false;
        }
        ttl = new MessageTtl((uint)seconds);
        error = null;
        return true;
    }

    /// <summary>A span from settings: rounded up to whole seconds; out of range is an <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static MessageTtl From(TimeSpan span) =>
        TryCreate((long)Math.Ceiling(span.TotalSeconds), out var ttl, out var error) ? ttl.Value : throw new ArgumentOutOfRangeException(nameof(span), error);

    public static MessageTtl FromSeconds(long seconds) =>
        TryCreate(seconds, out var ttl, out var error) ? ttl.Value : throw new ArgumentOutOfRangeException(nameof(seconds), error);

    public override string ToString() => $"{Seconds}s";
}
