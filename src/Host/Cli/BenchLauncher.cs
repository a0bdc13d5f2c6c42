using System.CommandLine;
using System.Diagnostics;

namespace Encryptio.Host.Cli;

/// <summary>
/// `encryptio bench` starts the benchmark program (src/Bench, Encryptio.Benchmark) that sits beside this
/// one, with the same arguments, and returns its exit code. The bench is a program of its own so that
/// this one cannot switch the seal off: only the benchmark assembly sees Peer.Actors' cipher seam. A
/// build of src/Bench (or of the solution) puts it beside encryptio; a published encryptio has none and
/// says in one line how to get it.
/// </summary>
public static class BenchLauncher
{
    public const string AssemblyName = "Encryptio.Benchmark";

    /// <summary>What `--only` accepts (the command line is a contract; the bench takes its list from here).</summary>
    public static readonly IReadOnlyList<string> SectionNames = ["session", "handshake", "turn", "directory", "relay", "cluster"];

    public const string Description = "measure this machine's crypto ceilings and the system against them (a table, or --json)";

    /// <summary>The bench's options, one declaration for both programs (encryptio checks them, the bench acts on them).</summary>
    public sealed record Switches(Option<bool> Json, Option<bool> Quick, Option<string[]> Only)
    {
        /// <summary>`--users N`: users the directory section registers (default 100,000; 200 with --quick).</summary>
        public Option<int?> Users { get; private init; } = null!;

        public static Switches AddTo(Command command)
        {
            var only = new Option<string[]>("--only")
            {
                Description = $"measure only these sections (and the ceilings): {string.Join(", ", SectionNames)}",
                AllowMultipleArgumentsPerToken = true,
            };
            only.AcceptOnlyFromAmong([.. SectionNames]);
            var switches = new Switches(
                new Option<bool>("--json") { Description = "print one JSON document instead of the table" },
                new Option<bool>("--quick") { Description = "small runs (a smoke test for CI, well under a minute)" },
                only)
            {
                Users = new Option<int?>("--users") { Description = "users the directory section registers on one node (default 100000; 200 with --quick)" },
            };
            switches.Users.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is < 100) result.AddError("--users must be at least 100");
            });
            command.Add(switches.Json);
            command.Add(switches.Quick);
            command.Add(switches.Only);
            command.Add(switches.Users);
            return switches;
        }

        /// <summary>The parsed options as the bench's command line.</summary>
        public List<string> Arguments(ParseResult parsed)
        {
            var arguments = new List<string>();
            if (parsed.GetValue(Quick)) arguments.Add("--quick");
            if (parsed.GetValue(Json)) arguments.Add("--json");
            if (parsed.GetValue(Only) is { Length: > 0 } sections) arguments.AddRange(["--only", .. sections]);
            if (parsed.GetValue(Users) is { } users) arguments.AddRange(["--users", users.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            return arguments;
        }
    }

    public static string MissingMessage(string folder) =>
        $"encryptio bench: the benchmark program ({AssemblyName}) is not beside encryptio in {folder}; build it with `dotnet build src/Bench` (add -c Release for figures), then run this again";

    public static int Run(IReadOnlyList<string> arguments, TextWriter stdout, TextWriter stderr, string? folder = null)
    {
        folder ??= AppContext.BaseDirectory;
        var assembly = Path.Combine(folder, AssemblyName + ".dll");
        if (!File.Exists(assembly))
        {
            stderr.WriteLine(MissingMessage(folder));
            return CommandLine.Failure;
        }
        // `dotnet <dll>` rather than the apphost: it works whichever way encryptio itself was started.
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var bench = Process.Start(start) ?? throw new IOException($"could not start {assembly}");
        var output = Pump(bench.StandardOutput, stdout);
        var errors = Pump(bench.StandardError, stderr);
        bench.WaitForExit();
        Task.WaitAll(output, errors);
        return bench.ExitCode;
    }

    /// <summary>The dotnet host running us when there is one (dotnet run, dotnet test), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private static Task Pump(StreamReader from, TextWriter to) => Task.Run(() =>
    {
        while (from.ReadLine() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
                to.Flush();
            }
        }
    });
}
