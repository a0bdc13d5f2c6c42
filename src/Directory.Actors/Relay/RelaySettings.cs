using Akka.Configuration;

namespace Encryptio.Directory.Relay;

/// <summary>
/// The relay's limits (<c>encryptio.directory.relay</c> in hocon/directory.conf; docs/protocol.md,
/// "Relay"). The port is the Host's business (<c>--relay-port</c>); everything here is per node.
/// </summary>
/// <param name="TokenLifetime">How long a token issued with an introduction may be claimed; an end waiting for its partner is closed then.</param>
/// <param name="MaxPairsPerUid">Relayed pairs (spliced or waiting) one user may hold.</param>
/// <param name="MaxPairs">Relayed pairs (spliced or waiting) the node holds in all.</param>
/// <param name="MaxBytesPerSecond">Per spliced pair and direction.</param>
/// <param name="IdleTimeout">A spliced pair with no byte either way for this long is closed.</param>
/// <param name="MaxHandshakes">Connections between TCP accept and a complete preface; beyond this, new ones are closed at once.</param>
public sealed record RelaySettings(
    TimeSpan TokenLifetime,
    int MaxPairsPerUid,
    int MaxPairs,
    long MaxBytesPerSecond,
    TimeSpan IdleTimeout,
    int MaxHandshakes)
{
    public const string Section = "encryptio.directory.relay";

    public static readonly RelaySettings Default = new(
        TimeSpan.FromSeconds(60), 8, 1000, 4L * 1024 * 1024, TimeSpan.FromMinutes(10), 256);

    /// <summary>
    /// All spliced pairs and directions together: beyond it every pump waits its turn (the relay reads
    /// no faster), so each pair is throttled rather than refused. Default 256 MiB/s.
    /// </summary>
    public long MaxNodeBytesPerSecond { get; init; } = 256L * 1024 * 1024;

    /// From TCP accept to a complete preface (TLS included).
    public TimeSpan RequestTimeout { get; init; } = Messages.Relay.RelayPreface.RequestTimeout;

    /// A burst of refusals is summed up in one log line once this long passes without one.
    public TimeSpan RefusalBurstQuiet { get; init; } = TimeSpan.FromSeconds(1);

    public static RelaySettings FromConfig(Config config)
    {
        var section = config.GetConfig(Section);
        if (section is null || section.IsEmpty) return Default;
        return new RelaySettings(
            section.GetTimeSpan("token-lifetime", Default.TokenLifetime, allowInfinite: false),
            section.GetInt("max-pairs-per-uid", Default.MaxPairsPerUid),
            section.GetInt("max-pairs", Default.MaxPairs),
            section.GetLong("max-bytes-per-second", Default.MaxBytesPerSecond),
            section.GetTimeSpan("idle-timeout", Default.IdleTimeout, allowInfinite: false),
            section.GetInt("max-handshakes", Default.MaxHandshakes))
        {
            MaxNodeBytesPerSecond = section.GetLong("max-node-bytes-per-second", Default.MaxNodeBytesPerSecond),
        }.Validate();
    }

    public RelaySettings Validate()
    {
        if (TokenLifetime <= TimeSpan.Zero) throw new ConfigurationException($"{Section}.token-lifetime must be positive");
        if (MaxPairsPerUid < 1) throw new ConfigurationException($"{Section}.max-pairs-per-uid must be at least 1");
        if (MaxPairs < 1) throw new ConfigurationException($"{Section}.max-pairs must be at least 1");
        if (MaxBytesPerSecond < 16 * 1024) throw new ConfigurationException($"{Section}.max-bytes-per-second must be at least 16384");
        if (MaxNodeBytesPerSecond < MaxBytesPerSecond) throw new ConfigurationException($"{Section}.max-node-bytes-per-second must be at least max-bytes-per-second");
        if (IdleTimeout <= TimeSpan.Zero) throw new ConfigurationException($"{Section}.idle-timeout must be positive");
        if (MaxHandshakes < 1) throw new ConfigurationException($"{Section}.max-handshakes must be at least 1");
        return this;
    }
}
