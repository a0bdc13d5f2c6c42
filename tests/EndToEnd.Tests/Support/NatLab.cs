using System.Diagnostics;

namespace Encryptio.EndToEnd.Tests.Support;

/// <summary>
/// A real NAT on this machine, in network namespaces: a "public" namespace (the directory), a router
/// namespace that masquerades (nftables) two private networks behind it, and one namespace per private
/// network (alice at 10.1.0.2, bob at 10.2.0.2). The router forwards only from a private network out to
/// the public side (and the replies): a packet from one private network to the other is dropped, as
/// between two homes behind two NATs, so a direct dial between them fails for real. Traffic never
/// leaves this machine. Needs root, iproute2 and nftables (.ci/run installs nftables); when any is
/// missing, <see cref="TryCreate"/> says why and the spec skips.
/// </summary>
public sealed class NatLab : IAsyncDisposable
{
    public const string PublicHost = "192.0.2.2";
    public const string AliceHost = "10.1.0.2";
    public const string BobHost = "10.2.0.2";

    private readonly string _prefix = "e" + Guid.NewGuid().ToString("N")[..5];
    private readonly List<string> _namespaces = [];

    public string Public => $"{_prefix}-pub";
    public string Alice => $"{_prefix}-a";
    public string Bob => $"{_prefix}-b";
    private string Router => $"{_prefix}-rtr";

    public static async Task<(NatLab? Lab, string? Why)> TryCreate()
    {
        if (!OperatingSystem.IsLinux()) return (null, "network namespaces are Linux only");
        if (Environment.UserName != "root") return (null, $"needs root for network namespaces (running as {Environment.UserName})");
        foreach (var tool in new[] { "ip", "nft" })
            if (!OnPath(tool)) return (null, $"'{tool}' is not installed ({(tool == "nft" ? "Debian package nftables; .ci/run installs it" : "iproute2")})");
        var lab = new NatLab();
        try
        {
            await lab.Build();
            return (lab, null);
        }
        catch (Exception e)
        {
            await lab.DisposeAsync();
            return (null, $"could not build the namespaces: {e.Message}");
        }
    }

    private async Task Build()
    {
        foreach (var ns in new[] { Public, Router, Alice, Bob })
        {
            await Ip("netns", "add", ns);
            _namespaces.Add(ns);
            await In(ns, "ip", "link", "set", "lo", "up");
        }
        await Link(Router, "rp", "192.0.2.1/24", Public, "pr", PublicHost + "/24", gateway: null);
        await Link(Router, "ra", "10.1.0.1/24", Alice, "ar", AliceHost + "/24", gateway: "10.1.0.1");
        await Link(Router, "rb", "10.2.0.1/24", Bob, "br", BobHost + "/24", gateway: "10.2.0.1");
        await In(Router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        var rules = $$"""
            table ip nat {
              chain postrouting { type nat hook postrouting priority srcnat; oifname "{{_prefix}}-rp" masquerade; }
            }
            table ip filter {
              chain forward { type filter hook forward priority filter; policy drop;
                ct state established,related accept
                iifname { "{{_prefix}}-ra", "{{_prefix}}-rb" } oifname "{{_prefix}}-rp" accept
              }
            }
            """;
        var file = Path.Combine(Path.GetTempPath(), $"{_prefix}.nft");
        await File.WriteAllTextAsync(file, rules);
        try { await In(Router, "nft", "-f", file); }
        finally { File.Delete(file); }
    }

    /// A veth pair between two namespaces, each end addressed; the second end routes by default via <paramref name="gateway"/>.
    private async Task Link(string nsA, string endA, string addressA, string nsB, string endB, string addressB, string? gateway)
    {
        var (a, b) = ($"{_prefix}-{endA}", $"{_prefix}-{endB}");
        await Ip("link", "add", a, "type", "veth", "peer", "name", b);
        await Ip("link", "set", a, "netns", nsA);
        await Ip("link", "set", b, "netns", nsB);
        await In(nsA, "ip", "addr", "add", addressA, "dev", a);
        await In(nsA, "ip", "link", "set", a, "up");
        await In(nsB, "ip", "addr", "add", addressB, "dev", b);
        await In(nsB, "ip", "link", "set", b, "up");
        if (gateway is not null) await In(nsB, "ip", "route", "add", "default", "via", gateway);
    }

    private static Task Ip(params string[] args) => Run("ip", args);

    private static Task In(string ns, params string[] command) => Run("ip", ["netns", "exec", ns, .. command]);

    private static async Task Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {(await stderr).Trim()}");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes the veth ends in it (and so their peers).
        foreach (var ns in Enumerable.Reverse(_namespaces))
            try { await Ip("netns", "del", ns); } catch (InvalidOperationException) { }
        _namespaces.Clear();
    }
}
