using System.Diagnostics;

namespace Encryptio.Bench;

/// <summary>Warm-up, then several timed runs.</summary>
public static class Sampler
{
    /// <summary>Runs <paramref name="run"/> once to warm up, then <paramref name="runs"/> times; each run returns its sample.</summary>
    public static List<double> Samples(int runs, Func<double> run)
    {
        run();
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++) samples.Add(run());
        return samples;
    }

    /// <summary>Microseconds per call of <paramref name="op"/>, median over runs of <paramref name="iterations"/> calls.</summary>
    public static Figure MicrosPerOp(int runs, int iterations, Action op) =>
        Figure.Of(Samples(runs, () =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) op();
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / iterations;
        }));

    public static double Micros(long startTimestamp, long endTimestamp) =>
        (endTimestamp - startTimestamp) * 1_000_000.0 / Stopwatch.Frequency;
}
