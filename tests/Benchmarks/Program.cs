using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Encryptio.Benchmarks;

/// Entry point: every BenchmarkSwitcher argument works (--filter, --job, --list flat, ...).
/// `--quick` stands for `--job short` (one launch, 3 warm-up and 3 measured iterations); with no
/// --filter every benchmark runs, so nothing waits for a console prompt in CI or a script.
public static class Program
{
    public static void Main(string[] args)
    {
        var list = new List<string>();
        foreach (var arg in args)
        {
            if (arg == "--quick") list.AddRange(["--job", "short"]);
            else list.Add(arg);
        }
        var listing = list.Contains("--list");
        if (!listing && !list.Any(a => a is "--filter" or "-f" or "--allCategories" or "--anyCategories"))
            list.AddRange(["--filter", "*"]);
        // Each run builds the project again in a generated folder; on a busy 2-core machine that can
        // take longer than BenchmarkDotNet's default 2 minutes.
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. list], config);
    }
}
