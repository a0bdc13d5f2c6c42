using Akka.Configuration;
using Encryptio.Directory.Limits;
using Encryptio.Messages.Directory;

namespace Encryptio.Directory;

/// <summary>
/// The directory's tunables, read from the <c>encryptio.directory</c> HOCON section
/// (hocon/directory.conf). Tests build one directly with tiny timeouts.
/// </summary>
/// <param name="DirectoryId">Bound into every AuthTranscript, so a proof made for one directory is useless at another.</param>
/// <param name="NonceLifetime">How long a challenge may be answered.</param>
/// <param name="MaxMembers">Members of one conversation, the proposer included.</param>
/// <param name="MaxPendingProposalsPerInitiator">Open proposals one peer may have at a time.</param>
/// <param name="ProposalTimeout">How long members have to accept.</param>
public sealed record DirectorySettings(
    string DirectoryId,
    TimeSpan NonceLifetime,
    int MaxMembers,
    int MaxPendingProposalsPerInitiator,
    TimeSpan ProposalTimeout)
{
    public const string Section = "encryptio.directory";

    /// <summary>Per-peer rate limits (<c>encryptio.directory.rate-limits</c>).</summary>
    public RateLimitSettings RateLimits { get; init; } = RateLimitSettings.Default;

    /// <summary>How often the revocation list is checked for changes (<c>revocation-poll</c>): the most a revoked user stays registered.</summary>
    public TimeSpan RevocationPoll { get; init; } = TimeSpan.FromSeconds(1);
    public const string DefaultDirectoryId = "encryptio-directory";

    public static readonly DirectorySettings Default = new(
        DefaultDirectoryId, TimeSpan.FromSeconds(5), Propose.MaxMembers, 8, TimeSpan.FromSeconds(30));

    /// <summary>
    /// Reads <c>encryptio.directory { directory-id, nonce-lifetime, max-members,
    /// max-pending-proposals-per-initiator, proposal-timeout }</c>; a missing key keeps its default.
    /// <c>directory-id</c> falls back to <c>system-name</c>, which directory.conf always sets.
    /// </summary>
    public static DirectorySettings FromConfig(Config config)
    {
        var section = config.GetConfig(Section);
        if (section is null || section.IsEmpty) return Default;

        var id = section.GetString("directory-id", null) ?? section.GetString("system-name", null) ?? Default.DirectoryId;
        var settings = new DirectorySettings(
            id,
            section.GetTimeSpan("nonce-lifetime", Default.NonceLifetime, allowInfinite: false),
            section.GetInt("max-members", Default.MaxMembers),
            section.GetInt("max-pending-proposals-per-initiator", Default.MaxPendingProposalsPerInitiator),
            section.GetTimeSpan("proposal-timeout", Default.ProposalTimeout, allowInfinite: false))
        {
            RateLimits = RateLimitSettings.FromConfig(section.GetConfig("rate-limits")),
            RevocationPoll = section.GetTimeSpan("revocation-poll", Default.RevocationPoll, allowInfinite: false),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Fails at start-up, with the key's name, rather than at the first registration.</summary>
    public DirectorySettings Validate()
    {
        if (string.IsNullOrWhiteSpace(DirectoryId) || System.Text.Encoding.UTF8.GetByteCount(DirectoryId) > 255)
            throw new ConfigurationException($"{Section}.directory-id must be 1-255 bytes");
        if (NonceLifetime <= TimeSpan.Zero)
            throw new ConfigurationException($"{Section}.nonce-lifetime must be positive");
        if (MaxMembers is < 2 or > Propose.MaxMembers)
            throw new ConfigurationException($"{Section}.max-members must be 2-{Propose.MaxMembers}");
        if (MaxPendingProposalsPerInitiator < 1)
            throw new ConfigurationException($"{Section}.max-pending-proposals-per-initiator must be at least 1");
        if (ProposalTimeout <= TimeSpan.Zero)
            throw new ConfigurationException($"{Section}.proposal-timeout must be positive");
        if (RevocationPoll <= TimeSpan.Zero)
            throw new ConfigurationException($"{Section}.revocation-poll must be positive");
        RateLimits.Validate();
        return this;
    }
}
