using Akka.Configuration;

namespace Encryptio.Directory.Limits;

/// <summary>
/// <c>encryptio.directory.rate-limits</c>: what one peer may ask of the directory. Registrations are
/// counted per (peer actor system, claimed UID): every test peer shares 127.0.0.1, and a UID alone
/// could be claimed by someone else to lock its owner out. Requests are counted per PeerLink.
/// </summary>
/// <param name="RegisterBurst">Register messages one peer may send at once for one UID.</param>
/// <param name="RegisterPerSecond">Refill of that bucket (0: never, for tests).</param>
/// <param name="MaxUnauthenticatedLinksPerUid">PeerLinks of one peer and UID still waiting for their proof.</param>
/// <param name="MaxUnauthenticatedLinks">PeerLinks of everyone still waiting for their proof.</param>
/// <param name="RequestBurst">Propose and Who one registered peer may send at once.</param>
/// <param name="RequestPerSecond">Refill of that bucket (0: never, for tests).</param>
public sealed record RateLimitSettings(
    int RegisterBurst,
    double RegisterPerSecond,
    int MaxUnauthenticatedLinksPerUid,
    int MaxUnauthenticatedLinks,
    int RequestBurst,
    double RequestPerSecond)
{
    public const string Section = DirectorySettings.Section + ".rate-limits";

    /// <summary>
    /// Register from one associated peer system, whatever UIDs it claims: a token bucket of this many
    /// (an honest peer sends one per attempt). Local senders (tests, the bench) are not counted here.
    /// </summary>
    public int AssociationRegisterBurst { get; init; } = 20;

    /// <summary>Refill of that bucket per second (0: never, for tests).</summary>
    public double AssociationRegisterPerSecond { get; init; } = 2;

    public static readonly RateLimitSettings Default = new(5, 0.5, 4, 1024, 20, 5);

    public static RateLimitSettings FromConfig(Config? section)
    {
        if (section is null || section.IsEmpty) return Default;
        return new RateLimitSettings(
            section.GetInt("register-burst", Default.RegisterBurst),
            section.GetDouble("register-per-second", Default.RegisterPerSecond),
            section.GetInt("max-unauthenticated-links-per-uid", Default.MaxUnauthenticatedLinksPerUid),
            section.GetInt("max-unauthenticated-links", Default.MaxUnauthenticatedLinks),
            section.GetInt("request-burst", Default.RequestBurst),
            section.GetDouble("request-per-second", Default.RequestPerSecond))
        {
            AssociationRegisterBurst = section.GetInt("association-register-burst", Default.AssociationRegisterBurst),
            AssociationRegisterPerSecond = section.GetDouble("association-register-per-second", Default.AssociationRegisterPerSecond),
        }.Validate();
    }

    public RateLimitSettings Validate()
    {
        if (RegisterBurst < 1) throw new ConfigurationException($"{Section}.register-burst must be at least 1");
        if (RegisterPerSecond < 0 || double.IsNaN(RegisterPerSecond)) throw new ConfigurationException($"{Section}.register-per-second must be 0 or more");
        if (MaxUnauthenticatedLinksPerUid < 1) throw new ConfigurationException($"{Section}.max-unauthenticated-links-per-uid must be at least 1");
        if (MaxUnauthenticatedLinks < 1) throw new ConfigurationException($"{Section}.max-unauthenticated-links must be at least 1");
        if (AssociationRegisterBurst < 1) throw new ConfigurationException($"{Section}.association-register-burst must be at least 1");
        if (AssociationRegisterPerSecond < 0 || double.IsNaN(AssociationRegisterPerSecond)) throw new ConfigurationException($"{Section}.association-register-per-second must be 0 or more");
        if (RequestBurst < 1) throw new ConfigurationException($"{Section}.request-burst must be at least 1");
        if (RequestPerSecond < 0 || double.IsNaN(RequestPerSecond)) throw new ConfigurationException($"{Section}.request-per-second must be 0 or more");
        return this;
    }
}
