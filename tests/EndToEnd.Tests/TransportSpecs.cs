using System.Diagnostics;
using System.Text.Json;
using Encryptio.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Encryptio.EndToEnd.Tests;

/// <summary>
/// The directory port speaks only ECDHE + AEAD over TLS 1.2 or later: probed from outside, one protocol and
/// one suite at a time, with openssl s_client, and with testssl.sh where it is installed.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TransportSpecs(ITestOutputHelper output)
{
    // SECLEVEL=0 lets the client offer what a modern client would refuse to: any refusal must come from the server.
    private static readonly string[] CbcSuites =
    [
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA",         // CBC with SHA-1
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384",   // CBC with SHA-2: LUCKY13-prone
        "ECDHE-ECDSA-CAMELLIA128-SHA256", "ECDHE-ECDSA-CAMELLIA256-SHA384",
    ];

    private static readonly string[] AeadSuites =
        ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256"];

    [Fact]
    public async Task The_directory_port_refuses_every_CBC_suite_every_non_ECDHE_key_exchange_and_TLS_below_1_2()
    {
        await using var network = await Network.Start();

        foreach (var old in new[] { "-tls1", "-tls1_1" })
            (await Probe(network.DirectoryPort, old, "DEFAULT:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)", $"{old} must be refused");
        foreach (var suite in CbcSuites)
            (await Probe(network.DirectoryPort, "-tls1_2", $"{suite}:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)", $"{suite} is CBC");
        (await Probe(network.DirectoryPort, "-tls1_2", "ALL:!ECDHE:!kEECDH:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)",
            "a key exchange without forward secrecy (RSA, static ECDH, PSK) must be refused");

        foreach (var suite in AeadSuites)
            (await Probe(network.DirectoryPort, "-tls1_2", suite)).Should().Contain($"Cipher is {suite}", $"{suite} is ECDHE + AEAD");
        (await Probe(network.DirectoryPort, "-tls1_2", null)).Should().Contain("Cipher is ECDHE-ECDSA-AES256-GCM-SHA384",
            "AES-256-GCM is preferred when the client offers everything");

        // Akka.Remote 1.5.73's DotNetty transport asks for TLS 1.2 at most (docs/security.md); say what it does today.
        var tls13 = await Probe(network.DirectoryPort, "-tls1_3", null);
        output.WriteLine($"TLS 1.3 on the directory port: {(tls13.Contains("Cipher is (NONE)") ? "not offered (transport limit)" : "offered")}");
    }

    [Fact]
    public async Task Testssl_finds_only_ECDHE_AEAD_suites_and_no_protocol_below_TLS_1_2_on_the_directory_port()
    {
        if (!OnPath("testssl"))
        {
            var message = "SKIPPED: testssl (Debian package testssl.sh) is not installed here; the openssl s_client spec still runs";
            output.WriteLine(message);
            await Console.Error.WriteLineAsync($"TransportSpecs: {message}");
            return;
        }
        await using var network = await Network.Start();
        var json = Path.Combine(network.Home, "testssl.json");

        var run = await Run("testssl", TimeSpan.FromMinutes(5), "--quiet", "--color", "0", "--warnings", "off", "-p", "-E",
            "--jsonfile", json, $"127.0.0.1:{network.DirectoryPort}");
        output.WriteLine(run);

        var findings = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(json)).EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.GetProperty("finding").GetString()!, StringComparer.Ordinal);
        foreach (var protocol in new[] { "SSLv2", "SSLv3", "TLS1", "TLS1_1" })
            findings[protocol].Should().StartWith("not offered", $"{protocol} must be refused");
        findings["TLS1_2"].Should().Be("offered");
        var suites = findings.Where(f => f.Key.StartsWith("cipher-", StringComparison.Ordinal) && !f.Key.StartsWith("cipher_order", StringComparison.Ordinal))
            .Select(f => f.Value).ToList();
        suites.Should().NotBeEmpty();
        suites.Should().OnlyContain(s => s.Contains("ECDHE-") && (s.Contains("-GCM-") || s.Contains("CHACHA20-POLY1305")),
            "every suite offered must be ECDHE with AES-GCM or ChaCha20-Poly1305");
    }

    private static Task<string> Probe(int port, string version, string? ciphers)
    {
        List<string> args = ["s_client", "-connect", $"127.0.0.1:{port}", version];
        if (ciphers is not null) args.AddRange(["-cipher", ciphers]);
        return Run("openssl", TimeSpan.FromSeconds(20), [.. args]);
    }

    private static async Task<string> Run(string command, TimeSpan limit, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return await stdout + await stderr;
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(folder => File.Exists(Path.Combine(folder, command)));
}
