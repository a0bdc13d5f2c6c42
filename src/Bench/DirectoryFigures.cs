namespace Encryptio.Bench;

/// <summary>What the directory figure measured: registrations/s, the crypto ceiling beside each batch, memory, proposals/s.</summary>
public sealed record DirectoryFigures(
    Figure RegistrationsPerSecond,
    Figure CeilingPerSecond,
    Figure Ratio,
    Figure BytesPerUser,
    Figure ProposalsPerSecond,
    int Users,
    int BatchUsers)
{
    /// <summary>The heap the directory freed when it stopped, per user: the directory alone (its fixed part included).</summary>
    public double DirectoryBytesPerUser { get; init; }
}
