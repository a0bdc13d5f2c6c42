namespace Encryptio.Bench;

/// <summary>One measured quantity: the median of several runs (after a warm-up) with their min and max.</summary>
public sealed record Figure(double Median, double Min, double Max, int Runs)
{
    public static Figure Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Figure(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>The p-th percentile (0-100) of the samples, nearest rank.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public Figure Scale(double factor) => new(Median * factor, Min * factor, Max * factor, Runs);
}
