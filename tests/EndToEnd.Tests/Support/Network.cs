namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>A directory and any number of `encryptio peer --json` processes sharing one temporary HOME.</summary>
public sealed class Network : IAsyncDisposable
{
    private readonly List<EncryptioProcess> _processes = [];

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "encryptio-e2e-" + Guid.NewGuid().ToString("N")[..10]);
    public int DirectoryPort { get; } = FreePort.Next();

    /// The relay's own free port (its default, the directory port + 1, may be taken on a busy machine).
    public int RelayPort { get; private init; } = FreePort.Next();
    public EncryptioProcess Directory { get; private set; } = null!;

    private string[] _directoryArgs = [];

    /// <param name="directoryArgs">More arguments for the directory process (kept for a restart).</param>
    public static Task<Network> Start(params string[] directoryArgs) => Start(FreePort.Next(), directoryArgs);

    /// <param name="relayPort">The relay's port, chosen before the directory starts (a proxy in front of it needs it first).</param>
    public static async Task<Network> Start(int relayPort, params string[] directoryArgs)
    {
        var network = new Network { _directoryArgs = directoryArgs, RelayPort = relayPort };
        var init = await EncryptioProcess.RunToEnd("init", "--home", network.Home);
        if (init.ExitCode != 0) throw new InvalidOperationException($"init failed: {init.Stderr}");
        network.Directory = network.Add(EncryptioProcess.Start("directory", ["directory", "--home", network.Home, "--port", network.DirectoryPort.ToString(), "--relay-port", network.RelayPort.ToString(), .. directoryArgs]));
        await network.Directory.ExpectLog("directory listening");
        return network;
    }

    public async Task<EncryptioProcess> StartPeer(string uid, params string[] extraArgs)
    {
        var peer = Add(EncryptioProcess.Start(uid, ["peer", uid, "--home", Home, "--directory", $"127.0.0.1:{DirectoryPort}", "--json", .. extraArgs]));
        await peer.Expect("registered", e => e.GetProperty("uid").GetString() == uid);
        return peer;
    }

    /// <summary>kill -9 of the directory, then a new directory process on the same HOME and port.</summary>
    public async Task<EncryptioProcess> KillAndRestartDirectory()
    {
        Directory.Kill();
        await Directory.WaitForExit(TimeSpan.FromSeconds(10));
        Directory = Add(EncryptioProcess.Start("directory", ["directory", "--home", Home, "--port", DirectoryPort.ToString(), "--relay-port", RelayPort.ToString(), .. _directoryArgs]));
        await Directory.ExpectLog("directory listening");
        return Directory;
    }

    public EncryptioProcess Add(EncryptioProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        try { System.IO.Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
