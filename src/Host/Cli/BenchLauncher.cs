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
    public static readonly IReadOnlyList<string> SectionNames = ["session", "handshake", "turn", "directory"];

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
