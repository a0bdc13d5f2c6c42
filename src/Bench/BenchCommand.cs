using System.CommandLine;
using Encryptio.Host.Cli;

namespace Encryptio.Bench;

/// <summary>
/// The bench's command line, the same as `encryptio bench` (which starts this program with its own
/// arguments): [--quick] [--json] [--only SECTION...] [--users N]. Exit codes as encryptio's: 0 success, 2 bad usage.
/// </summary>
public static class BenchCommand
{
    public const int Success = 0;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand($"encryptio bench: {BenchLauncher.Description}");
        var options = BenchLauncher.Switches.AddTo(root);
        root.SetAction(p =>
        {
            var sections = p.GetValue(options.Only) is { Length: > 0 } chosen ? chosen : BenchRunner.SectionNames;
            return BenchRunner.Run(p.GetValue(options.Quick), p.GetValue(options.Json), [.. sections], stdout, stderr, p.GetValue(options.Users));
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
