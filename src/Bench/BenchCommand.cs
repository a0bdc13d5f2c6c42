using System.CommandLine;

namespace Encryptio.Bench;

/// <summary>
/// The bench's command line, the same as `encryptio bench` (which starts this program with its own
/// arguments): [--quick] [--json] [--only SECTION...]. Exit codes as encryptio's: 0 success, 2 bad usage.
/// </summary>
public static class BenchCommand
{
    public const int Success = 0;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var json = new Option<bool>("--json") { Description = "print one JSON document instead of the table" };
        var quick = new Option<bool>("--quick") { Description = "small runs (a smoke test for CI, well under a minute)" };
        var only = new Option<string[]>("--only")
        {
            Description = $"measure only these sections (and the ceilings): {string.Join(", ", BenchRunner.SectionNames)}",
            AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong([.. BenchRunner.SectionNames]);
        var root = new RootCommand("encryptio bench: measure this machine's crypto ceilings and the system against them (a table, or --json)")
        {
            json, quick, only,
        };
        root.SetAction(p =>
        {
            var sections = p.GetValue(only) is { Length: > 0 } chosen ? chosen : BenchRunner.SectionNames;
            return BenchRunner.Run(p.GetValue(quick), p.GetValue(json), [.. sections], stdout, stderr);
        });

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"encryptio bench: {error.Message}");
            root.Parse("--help").Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
    }
}
