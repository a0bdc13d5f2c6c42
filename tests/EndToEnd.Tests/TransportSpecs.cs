using System.Diagnostics;
using Encryptio.EndToEnd.Tests.Support;

namespace Encryptio.EndToEnd.Tests;

/// <summary>The directory port speaks only modern TLS: probed from outside with openssl s_client.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TransportSpecs
{
    [Fact]
    public async Task The_directory_port_refuses_old_TLS_versions_and_weak_cipher_suites()
    {
        await using var network = await Network.Start();

        // SECLEVEL=0 lets the client offer what a modern client would refuse to: the refusal must come from the server.
        (await Probe(network.DirectoryPort, "-tls1", "DEFAULT:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)");
        (await Probe(network.DirectoryPort, "-tls1_1", "DEFAULT:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)");
        (await Probe(network.DirectoryPort, "-tls1_2", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0")).Should().Contain("Cipher is (NONE)", "CBC with SHA-1 is refused");

        var modern = await Probe(network.DirectoryPort, "-tls1_2", null);
        modern.Should().MatchRegex("Cipher is ECDHE-ECDSA-AES(128|256)-GCM-SHA(256|384)", "an AEAD suite with forward secrecy is negotiated");
    }

    private static async Task<string> Probe(int port, string version, string? ciphers)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "s_client", "-connect", $"127.0.0.1:{port}", version }) info.ArgumentList.Add(arg);
        if (ciphers is not null) { info.ArgumentList.Add("-cipher"); info.ArgumentList.Add(ciphers); }
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }
}
