using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>
/// The real `encryptio` program in a child process: JSON events read from its standard output,
/// JSON commands written to its standard input, standard error kept for the failure message.
/// </summary>
public sealed class EncryptioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<string> _errorLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    private readonly Task _readers;
    private readonly List<JsonElement> _unclaimed = [];

    public string Name { get; }

    private EncryptioProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _readers = Task.WhenAll(Task.Run(ReadStdout), Task.Run(ReadStderr));
    }

    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "encryptio.dll");

    public static EncryptioProcess Start(string name, params string[] args) => StartIn(null, name, args);

    /// <summary>As <see cref="Start"/>, inside network namespace <paramref name="netns"/> (`ip netns exec`, which execs: the process is encryptio itself).</summary>
    public static EncryptioProcess StartIn(string? netns, string name, params string[] args)
    {
        var info = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (netns is not null) foreach (var arg in new[] { "netns", "exec", netns, "dotnet" }) info.ArgumentList.Add(arg);
        info.ArgumentList.Add(ProgramPath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start encryptio");
        return new EncryptioProcess(name, process);
    }

    /// <summary>Runs a short command (init, enroll, a bad command line) to completion.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(params string[] args) =>
        RunToEnd(TimeSpan.FromSeconds(60), args);

    /// <summary>Runs a command to completion within <paramref name="limit"/>; every line of both streams is read.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEnd(TimeSpan limit, params string[] args)
    {
        await using var p = Start("cli", args);
        using var timeout = new CancellationTokenSource(limit);
        await p._process.WaitForExitAsync(timeout.Token);
        await p._readers.WaitAsync(timeout.Token); // every line of both streams has been read
        return (p._process.ExitCode, p.Stdout, p.Stderr);
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int Pid => _process.Id;

    public void Send(object command)
    {
        _process.StandardInput.WriteLine(JsonSerializer.Serialize(command));
        _process.StandardInput.Flush();
    }

    public void SendRaw(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>
    /// The first event, in arrival order, with this name that matches the predicate. It is consumed;
    /// events that do not match stay for later expectations, so no check can swallow another's event.
    /// </summary>
    public Task<JsonElement> Expect(string eventName, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null) =>
        ExpectOneOf([eventName], match, timeout);

    /// <summary>As <see cref="Expect"/>, for the first event named any of <paramref name="eventNames"/>.</summary>
    public async Task<JsonElement> ExpectOneOf(IReadOnlyCollection<string> eventNames, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var eventName = string.Join("|", eventNames);
        bool Matches(JsonElement e) =>
            e.TryGetProperty("event", out var name) && eventNames.Contains(name.GetString()) && (match is null || match(e));

        var index = _unclaimed.FindIndex(Matches);
        if (index >= 0)
        {
            var found = _unclaimed[index];
            _unclaimed.RemoveAt(index);
            return found;
        }
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cancel.Token);
                if (Matches(e)) return e;
                _unclaimed.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not emit '{eventName}' in time.\n--- stdout ---\n{Stdout}\n--- stderr (tail) ---\n{Tail(Stderr)}");
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            try { await Drained(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { /* say what was read so far */ }
            var exit = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
            throw new InvalidOperationException($"{Name}'s output ended ({exit}) before it emitted '{eventName}'.\n--- stdout ---\n{Stdout}\n--- stderr (tail) ---\n{Tail(Stderr)}");
        }
    }

    /// <summary>
    /// Every event with this name emitted so far (already read or still buffered), consumed, without
    /// waiting. Call it after an event that is known to come later (a marker) to see all earlier ones.
    /// </summary>
    public List<JsonElement> TakeAll(string eventName)
    {
        bool Named(JsonElement e) => e.TryGetProperty("event", out var name) && name.GetString() == eventName;
        while (_events.Reader.TryRead(out var e)) _unclaimed.Add(e);
        var taken = _unclaimed.Where(Named).ToList();
        _unclaimed.RemoveAll(Named);
        return taken;
    }

    /// <summary>Waits for a line on standard error containing the text (the log).</summary>
    public async Task ExpectLog(string text, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var line = await _errorLines.Reader.ReadAsync(cancel.Token);
                if (line.Contains(text, StringComparison.Ordinal)) return;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not log '{text}' in time.\n--- stderr (tail) ---\n{Tail(Stderr)}");
        }
    }

    public async Task<bool> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cancel.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Waits until both streams of an exited process have been read to the end.</summary>
    public Task Drained(TimeSpan timeout) => _readers.WaitAsync(timeout);

    public void Kill() { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }

    /// <summary>SIGTERM, as a service manager would stop the node: CoordinatedShutdown runs.</summary>
    public async Task<bool> Terminate(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        return await WaitForExit(timeout);
    }

    private bool _disposed;

    /// <summary>Ends the process (end of input, then SIGTERM, then SIGKILL); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                try { _process.StandardInput.Close(); } catch (IOException) { }
                if (!await WaitForExit(TimeSpan.FromSeconds(5)) && !await Terminate(TimeSpan.FromSeconds(10))) Kill();
            }
        }
        finally { _process.Dispose(); }
    }

    private async Task ReadStdout()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_stdout) _stdout.AppendLine(line);
            try
            {
                using var doc = JsonDocument.Parse(line);
                _events.Writer.TryWrite(doc.RootElement.Clone());
            }
            catch (JsonException) { /* text-mode output or a stray line; kept in Stdout */ }
        }
        _events.Writer.TryComplete();
    }

    private async Task ReadStderr()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr) _stderr.AppendLine(line);
            _errorLines.Writer.TryWrite(line);
        }
        _errorLines.Writer.TryComplete();
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}
